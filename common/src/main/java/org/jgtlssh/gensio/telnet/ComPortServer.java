package org.jgtlssh.gensio.telnet;

import java.io.IOException;
import java.util.Optional;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.SerialSettings;

/**
 * The server side of RFC 2217: applies a client's requests to a port's {@link Controls#SERIAL_SETTINGS}
 * and {@link Controls#SEND_BREAK} (or to emulated settings when the port has none, so a client still
 * sees consistent answers) and builds the answers. Values out of range leave the setting unchanged; the
 * answer always reports what is in effect.
 */
final class ComPortServer {
    private final Gensio port;
    private final String signature;
    private SerialSettings emulated = SerialSettings.DEFAULT;

    ComPortServer(Gensio port, String signature) {
        this.port = port;
        this.signature = signature;
    }

    /** Applies one request and returns the answer payload to send, or null when none is due. */
    byte[] handle(byte[] p) throws IOException {
        int cmd = p[0] & 0xff;
        SerialSettings cur = current();
        SerialSettings want = cur;
        byte[] answer;
        switch (cmd) {
            case ComPort.SIGNATURE -> answer = ComPort.signature(cmd + ComPort.SERVER_OFFSET, signature);
            case ComPort.SET_BAUDRATE -> {
                long b = ComPort.baudValue(p);
                if (b > 0 && b <= 100_000_000) {
                    want = cur.withBaud((int) b);
                }
                answer = null;
            }
            case ComPort.SET_DATASIZE -> {
                int v = ComPort.byteValue(p);
                if (v >= 5 && v <= 8) {
                    want = cur.withDataBits(v);
                }
                answer = null;
            }
            case ComPort.SET_PARITY -> {
                char c = ComPort.parityLetter(ComPort.byteValue(p));
                if (c != 0) {
                    want = cur.withParity(c);
                }
                answer = null;
            }
            case ComPort.SET_STOPSIZE -> {
                int v = ComPort.byteValue(p);
                if (v == 1 || v == 2) {
                    want = cur.withStopBits(v);
                }
                answer = null;
            }
            case ComPort.SET_CONTROL -> {
                int v = ComPort.byteValue(p);
                if (v >= ComPort.CONTROL_FLOW_NONE && v <= ComPort.CONTROL_FLOW_HARDWARE) {
                    want = ComPort.withFlow(cur, v);
                    answer = null;
                } else if (v == ComPort.CONTROL_BREAK_ON) {
                    breakPort();
                    answer = ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, v);
                } else if (v == ComPort.CONTROL_FLOW_QUERY) {
                    answer = null;
                } else {
                    // DTR/RTS/break-off: no control for them below us; report the requested state as done.
                    // Queries (4 break, 7 DTR, 10 RTS, 13 inbound flow) get the resting state.
                    int resting = switch (v) {
                        case ComPort.CONTROL_BREAK_QUERY -> ComPort.CONTROL_BREAK_OFF;
                        case 7 -> 8;
                        case 10 -> 11;
                        case 13 -> 14;
                        default -> v;
                    };
                    answer = ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, resting);
                }
            }
            case ComPort.SET_LINESTATE_MASK, ComPort.SET_MODEMSTATE_MASK, ComPort.PURGE_DATA ->
                    answer = ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, ComPort.byteValue(p) & 0xff);
            default -> answer = null; // suspend/resume and unknown commands need no answer
        }
        if (!want.equals(cur)) {
            boolean applied;
            try {
                applied = port.set(Controls.SERIAL_SETTINGS, want);
            } catch (IOException | IllegalArgumentException refused) {
                applied = true; // the port refused: the answer below reports what is really in effect
            }
            if (!applied) {
                synchronized (this) {
                    emulated = want;
                }
            }
            cur = current();
        }
        if (answer == null) {
            answer = switch (cmd) {
                case ComPort.SET_BAUDRATE -> ComPort.baud(cmd + ComPort.SERVER_OFFSET, cur.baud());
                case ComPort.SET_DATASIZE -> ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, cur.dataBits());
                case ComPort.SET_PARITY -> ComPort.oneByte(cmd + ComPort.SERVER_OFFSET,
                        ComPort.parityCode(cur.parity()));
                case ComPort.SET_STOPSIZE -> ComPort.oneByte(cmd + ComPort.SERVER_OFFSET,
                        ComPort.stopCode(cur.stopBits()));
                case ComPort.SET_CONTROL -> ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, ComPort.flowCode(cur));
                default -> null;
            };
        }
        return answer;
    }

    /**
     * A break requested by the peer. A port that cannot send one (a pty) must not end the connection:
     * the request is simply not carried out.
     */
    void breakPort() {
        try {
            port.set(Controls.SEND_BREAK, 250);
        } catch (IOException cannotBreak) {
            // nothing to report back: RFC 2217 answers a break with the state requested
        }
    }

    SerialSettings current() {
        Optional<SerialSettings> s = port.get(Controls.SERIAL_SETTINGS);
        if (s.isPresent()) {
            return s.get();
        }
        synchronized (this) {
            return emulated;
        }
    }
}
