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
