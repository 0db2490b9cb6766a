package org.jgtlssh.gensio;

import java.security.cert.X509Certificate;

/** The controls that more than one layer or program knows about. */
public final class Controls {
    private Controls() {}

    /** The peer's certificate chain as the ssl layer received it (leaf first). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Control<X509Certificate[]> PEER_CERTIFICATES =
            Control.of("peer-certificates", X509Certificate[].class);

    /** The TLS protocol in use, e.g. {@code TLSv1.3}. */
    public static final Control<String> TLS_PROTOCOL = Control.of("tls-protocol", String.class);

    /**
     * A function from (label, context, length) to keying material exported from the TLS session
     * (RFC 8446 7.5 / RFC 5705); used by certauth's channel binding when both ends are ours.
     */
    public static final Control<KeyingMaterialExporter> TLS_EXPORTER =
            Control.of("tls-exporter", KeyingMaterialExporter.class);

    /** The user name the certauth layer authenticated (server side) or logged in as (client side). */
    public static final Control<String> USERNAME = Control.of("username", String.class);

    /** The service string sent by a certauth or mux client. */
    public static final Control<String> SERVICE = Control.of("service", String.class);

    /** Window size of a pty: set it to resize. */
    public static final Control<WindowSize> WINDOW_SIZE = Control.of("window-size", WindowSize.class);

    /** Serial line settings of a serialdev (or an RFC 2217 peer). */
    public static final Control<SerialSettings> SERIAL_SETTINGS =
            Control.of("serial-settings", SerialSettings.class);

    /** Send a serial break of the given number of milliseconds. */
    public static final Control<Integer> SEND_BREAK = Control.of("send-break", Integer.class);

    /** The DTR modem line of a serial port (or of an RFC 2217 peer's port): set to raise/lower, get to read. */
    public static final Control<Boolean> SERIAL_DTR = Control.of("serial-dtr", Boolean.class);

    /** The RTS modem line of a serial port (or of an RFC 2217 peer's port): set to raise/lower, get to read. */
    public static final Control<Boolean> SERIAL_RTS = Control.of("serial-rts", Boolean.class);

    /**
     * Read only: the modem state in RFC 2217's bit layout ({@code MODEM_*} below; the low four bits are
     * the "changed since the last report" deltas). A serialdev reads its lines; an RFC 2217 client holds
     * the server's last NOTIFY-MODEMSTATE (empty until one arrived). Changes are also reported to the
     * stack's {@link GensioListener#event} as {@code ("telnet"|"serialdev", "modemstate", {state=int})}.
     */
    public static final Control<Integer> MODEM_STATE = Control.of("modem-state", Integer.class);

    /**
     * Read only: the line state in RFC 2217's bit layout (0x10 break detected, 0x08 framing error, 0x04
     * parity error, 0x02 overrun, 0x01 data ready...): an RFC 2217 client's last NOTIFY-LINESTATE; a
     * serialdev's break/framing/parity/overrun errors since the previous read (read clears, as a UART's
     * line status register; Linux TIOCGICOUNT; empty on a port without error counters, such as a pty).
     */
    public static final Control<Integer> LINE_STATE = Control.of("line-state", Integer.class);

    /** Which modem-state bits an RFC 2217 client wants notified (SET-MODEMSTATE-MASK; RFC default 255). */
    public static final Control<Integer> MODEM_STATE_MASK = Control.of("modem-state-mask", Integer.class);

    /** Which line-state bits an RFC 2217 client wants notified (SET-LINESTATE-MASK; RFC default 0). */
    public static final Control<Integer> LINE_STATE_MASK = Control.of("line-state-mask", Integer.class);

    /** {@link #MODEM_STATE} bits: carrier detect, ring indicator, data set ready, clear to send. */
    public static final int MODEM_CD = 0x80;
    public static final int MODEM_RI = 0x40;
    public static final int MODEM_DSR = 0x20;
    public static final int MODEM_CTS = 0x10;
    /** {@link #MODEM_STATE} delta bits: CD changed, RI trailing edge, DSR changed, CTS changed. */
    public static final int MODEM_DELTA_CD = 0x08;
    public static final int MODEM_TRAILING_RI = 0x04;
    public static final int MODEM_DELTA_DSR = 0x02;
    public static final int MODEM_DELTA_CTS = 0x01;

    /**
     * The largest packet one write of a packet layer can send (msgdelim's {@code writebuf}); layers on top
     * check their own sizes against it at open.
     */
    public static final Control<Integer> MAX_WRITE_PACKET = Control.of("max-write-packet", Integer.class);

    /** The process exit code of a pty or stdio program child, once it has ended. */
    public static final Control<Integer> EXIT_CODE = Control.of("exit-code", Integer.class);

    /** Exports keying material from a TLS session. */
    @FunctionalInterface
    public interface KeyingMaterialExporter {
        byte[] export(String label, byte[] context, int length) throws java.io.IOException;
    }
}
