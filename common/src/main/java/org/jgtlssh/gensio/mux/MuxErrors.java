package org.jgtlssh.gensio.mux;

/** The gensio error numbers that travel in NEW_CHANNEL_RSP and CLOSE_CHANNEL (stable 0..42). */
public final class MuxErrors {
    public static final int NONE = 0;
    public static final int NOMEM = 1;
    public static final int NOTSUP = 2;
    public static final int INUSE = 10;
    public static final int REMCLOSE = 26;
    public static final int LOCALCLOSED = 35;

    private MuxErrors() {}

    public static String name(int code) {
        String n = switch (code) {
            case NONE -> "no error";
            case NOMEM -> "out of memory (GE_NOMEM)";
            case NOTSUP -> "not supported (GE_NOTSUP)";
            case 3 -> "invalid data (GE_INVAL)";
            case INUSE -> "in use (GE_INUSE)";
            case 23 -> "protocol error (GE_PROTOERR)";
            case REMCLOSE -> "remote end closed (GE_REMCLOSE)";
            case 31 -> "authentication rejected (GE_AUTHREJECT)";
            case LOCALCLOSED -> "local end closed (GE_LOCALCLOSED)";
            default -> "gensio error";
        };
        return n + " [" + code + "]";
    }

    /** A peer-supplied string made safe to print: control characters become '?', at most 64 chars. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : c);
        }
        return b.toString();
    }
}
