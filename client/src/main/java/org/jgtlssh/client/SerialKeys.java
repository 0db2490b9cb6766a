package org.jgtlssh.client;

import java.io.IOException;
import java.util.Optional;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.gensio.telnet.TelnetGensio;

/**
 * Carries out the escape machine's serial keys on the far end's serial port, and says what happened in
 * a line for the local terminal.
 *
 * <p>The target is the telnet(rfc2217) layer that {@code -r} puts on top of the session: the keys then
 * change the port of the ser2net (or jgensiot/gensiot accepter) at the far end, as gtlssh's keys do.
 * The serial line of {@code --transport serialdev,...} is deliberately never a target: it carries the
 * TLS session itself, and changing its speed from one end only would cut the connection. jgensiot uses
 * the same keys on a local serialdev (or a telnet(rfc2217) client) as its io2, as gensiot does. Without a
 * target, or when the far end refused RFC 2217, each key prints why it did nothing.
 */
public final class SerialKeys {
    static final String NO_TARGET = "[serial keys need an RFC 2217 far end: use -r (--telnet)]\r\n";
    static final String REFUSED = "[the far end did not agree to RFC 2217 serial control]\r\n";

    private final Gensio target;

    /** @param target the layer whose {@link Controls#SERIAL_SETTINGS} the keys change, or null */
    public SerialKeys(Gensio target) {
        this.target = target;
    }

    /** Runs one key; returns the text to show locally (never null). */
    public String run(EscapeMachine.Serial key) {
        if (target == null) {
            return NO_TARGET;
        }
        try {
            Optional<SerialSettings> now = target.get(Controls.SERIAL_SETTINGS);
            if (now.isEmpty()) {
                return REFUSED;
            }
            if (key.key() == EscapeMachine.SerialKey.DUMP) {
                return dump();
            }
            SerialSettings want = apply(now.get(), key);
            if (!target.set(Controls.SERIAL_SETTINGS, want)) {
                return REFUSED;
            }
            SerialSettings got = target.get(Controls.SERIAL_SETTINGS).orElse(want);
            return "[serial: " + got + (got.equals(want) ? "" : " (asked for " + want + ")") + "]\r\n";
        } catch (IOException | IllegalArgumentException e) {
            return "[serial: " + TerminalSafe.oneLine(String.valueOf(e.getMessage())) + "]\r\n";
        }
    }

    /**
     * {@code ^\ b}: a break to the far end's port (RFC 2217, or a telnet BREAK when the far end refused
     * RFC 2217). Without a target nothing is sent: the control would travel down the stack to the
     * transport, and a break on a {@code --transport} serial line only garbles the session's own packets.
     * Returns the text to show, or null when the break went.
     */
    public String sendBreak() {
        if (target == null) {
            return "[break needs a telnet far end: use -r (--telnet)]\r\n";
        }
        try {
            return target.set(Controls.SEND_BREAK, 250) ? null : "[break is not supported on this connection]\r\n";
        } catch (IOException e) {
            return "[break: " + TerminalSafe.oneLine(String.valueOf(e.getMessage())) + "]\r\n";
        }
    }

    static SerialSettings apply(SerialSettings s, EscapeMachine.Serial key) {
        return switch (key.key()) {
            case BAUD -> s.withBaud(key.value());
            case PARITY -> s.withParity((char) key.value());
            case DATA_BITS -> s.withDataBits(key.value());
            case STOP_BITS -> s.withStopBits(key.value());
            case FLOW -> new SerialSettings(s.baud(), s.parity(), s.dataBits(), s.stopBits(), key.value() == 'x',
                    key.value() == 'r', s.local(), s.hangupWhenDone());
            case DUMP -> s;
        };
    }

    /** gtlssh's dump ("Signature:", "Speed: 9600N81"), then flow control and the modem lines when known. */
    private String dump() throws IOException {
        SerialSettings s = target instanceof TelnetGensio t ? t.querySerial()
                : target.get(Controls.SERIAL_SETTINGS).orElseThrow();
        StringBuilder sb = new StringBuilder();
        if (target instanceof TelnetGensio t && t.peerSignature().isPresent()) {
            sb.append("Signature: ").append(TerminalSafe.oneLine(t.peerSignature().get())).append("\r\n");
        }
        sb.append("Speed: ").append(s.baud()).append(s.parity()).append(s.dataBits()).append(s.stopBits())
                .append("\r\n");
        sb.append("Flow control: ").append(s.rtscts() ? "rts/cts" : s.xonxoff() ? "xon/xoff" : "none").append("\r\n");
        target.get(Controls.MODEM_STATE).ifPresent(m -> sb.append("Modem lines:")
                .append((m & Controls.MODEM_CD) != 0 ? " CD" : " -cd")
                .append((m & Controls.MODEM_DSR) != 0 ? " DSR" : " -dsr")
                .append((m & Controls.MODEM_CTS) != 0 ? " CTS" : " -cts")
                .append((m & Controls.MODEM_RI) != 0 ? " RI" : " -ri").append("\r\n"));
        return sb.toString();
    }
}
