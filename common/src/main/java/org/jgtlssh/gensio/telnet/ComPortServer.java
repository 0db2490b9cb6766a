package org.jgtlssh.gensio.telnet;

import java.io.IOException;
import java.util.Optional;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.SerialSettings;

/**
 * The server side of RFC 2217: applies a client's requests to a port's {@link Controls#SERIAL_SETTINGS},
 * {@link Controls#SEND_BREAK}, {@link Controls#SERIAL_DTR} and {@link Controls#SERIAL_RTS}, and turns the
 * port's {@link Controls#MODEM_STATE} into NOTIFY-MODEMSTATE reports and its {@link Controls#LINE_STATE}
 * (line errors since the previous poll) into NOTIFY-LINESTATE reports under the client's masks (or to
 * emulated settings when the port has none, so a client still
 * sees consistent answers) and builds the answers. Values out of range leave the setting unchanged; the
 * answer always reports what is in effect.
 */
final class ComPortServer {
    private final Gensio port;
    private final String signature;
    private SerialSettings emulated = SerialSettings.DEFAULT;
    // Guarded by this.
    private boolean emulatedDtr = true;
    private boolean emulatedRts = true;
    private int modemMask = ComPort.DEFAULT_MODEMSTATE_MASK;
    private int lineMask = ComPort.DEFAULT_LINESTATE_MASK;
    private int lastLines;

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
                } else if (v >= ComPort.CONTROL_DTR_QUERY && v <= ComPort.CONTROL_RTS_OFF) {
                    answer = ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, modemLine(v));
                } else {
                    // break-off, inbound flow: nothing to do below us; report the requested state as done.
                    // Queries (4 break, 13 inbound flow) get the resting state.
                    int resting = switch (v) {
                        case ComPort.CONTROL_BREAK_QUERY -> ComPort.CONTROL_BREAK_OFF;
                        case 13 -> 14;
                        default -> v;
                    };
                    answer = ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, resting);
                }
            }
            case ComPort.SET_MODEMSTATE_MASK -> {
                int m = ComPort.byteValue(p);
                if (m >= 0) {
                    synchronized (this) {
                        modemMask = m;
                    }
                }
                answer = ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, modemMask());
            }
            case ComPort.SET_LINESTATE_MASK -> {
                int m = ComPort.byteValue(p);
                if (m >= 0) {
                    synchronized (this) {
                        lineMask = m;
                    }
                }
                answer = ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, m & 0xff);
            }
            case ComPort.PURGE_DATA -> answer = ComPort.oneByte(cmd + ComPort.SERVER_OFFSET, ComPort.byteValue(p) & 0xff);
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

    /**
     * Applies a DTR/RTS request (7..12) to the port and returns the value that reports the line's state
     * now. A port without the control (no serial port below us) is emulated; a port that refuses (a pty
     * has no modem lines) keeps its line, and the answer says what the line really is.
     */
    private int modemLine(int v) {
        boolean dtr = v <= ComPort.CONTROL_DTR_OFF;
        Control<Boolean> c = dtr ? Controls.SERIAL_DTR : Controls.SERIAL_RTS;
        int base = dtr ? ComPort.CONTROL_DTR_QUERY : ComPort.CONTROL_RTS_QUERY;
        if (v != base) {
            boolean on = v == base + 1;
            boolean applied;
            try {
                applied = port.set(c, on);
            } catch (IOException | RuntimeException refused) {
                applied = true;
            }
            if (!applied) {
                synchronized (this) {
                    if (dtr) {
                        emulatedDtr = on;
                    } else {
                        emulatedRts = on;
                    }
                }
            }
        }
        boolean now;
        Optional<Boolean> real = port.get(c);
        if (real.isPresent()) {
            now = real.get();
        } else {
            synchronized (this) {
                now = dtr ? emulatedDtr : emulatedRts;
            }
        }
        return now ? base + 1 : base + 2;
    }

    synchronized int modemMask() {
        return modemMask;
    }

    /** True when the port below reports its modem lines, so polling them means something. */
    boolean hasModemState() {
        return port.get(Controls.MODEM_STATE).isPresent();
    }

    /**
     * Reads the port's modem lines and returns the NOTIFY-MODEMSTATE payload due, or null. A report is
     * due when a line in the mask changed, or always when {@code force} (right after the client set its
     * mask, so it learns the current state, as gensio's servers do).
     */
    byte[] pollModemState(boolean force) {
        Optional<Integer> s = port.get(Controls.MODEM_STATE);
        if (s.isEmpty()) {
            return null;
        }
        int lines = s.get() & 0xf0;
        synchronized (this) {
            int changed = lines ^ lastLines;
            int delta = ((changed & Controls.MODEM_CD) != 0 ? Controls.MODEM_DELTA_CD : 0)
                    | ((changed & Controls.MODEM_DSR) != 0 ? Controls.MODEM_DELTA_DSR : 0)
                    | ((changed & Controls.MODEM_CTS) != 0 ? Controls.MODEM_DELTA_CTS : 0)
                    | ((lastLines & ~lines & Controls.MODEM_RI) != 0 ? Controls.MODEM_TRAILING_RI : 0);
            lastLines = lines;
            int value = (lines | delta) & modemMask;
            boolean due = force || ((changed | delta) & modemMask) != 0;
            return due ? ComPort.oneByte(ComPort.NOTIFY_MODEMSTATE + ComPort.SERVER_OFFSET, value) : null;
        }
    }

    /** True when the port below reports line errors (a real UART; a pty does not). Starts a new poll period. */
    boolean hasLineState() {
        return port.get(Controls.LINE_STATE).isPresent();
    }

    /**
     * Reads the port's line errors since the previous poll and returns the NOTIFY-LINESTATE payload due,
     * or null. Errors are events, not levels: a report is due when an error in the client's mask occurred,
     * or always when {@code force} (right after the client set its mask, as gensio's servers and ser2net
     * do: a report of 0 tells the client the port has line state and no errors). Errors outside the mask
     * are dropped (RFC 2217: the mask says which conditions the client hears of). A port without line
     * state (a pty) gets no report at all.
     */
    byte[] pollLineState(boolean force) {
        Optional<Integer> s = port.get(Controls.LINE_STATE);
        return s.isEmpty() ? null : lineStateNotice(s.get(), lineMask(), force);
    }

    /** The NOTIFY-LINESTATE payload for line-state {@code bits} under {@code mask}, or null when none is due. */
    static byte[] lineStateNotice(int bits, int mask, boolean force) {
        int value = bits & mask & 0xff;
        return value == 0 && !force ? null : ComPort.oneByte(ComPort.NOTIFY_LINESTATE + ComPort.SERVER_OFFSET, value);
    }

    synchronized int lineMask() {
        return lineMask;
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
