package org.jgtlssh.gensio;

/** Bits for {@link Gensio#write(byte[], int, int, int)}. */
public final class WriteFlags {
    /** Out-of-band data (mux: the OOB bit; tcp: urgent data is not used). */
    public static final int OOB = 1;
    /** This write ends an application message (mux: the EOM bit on its last piece). */
    public static final int END_OF_MESSAGE = 2;

    private WriteFlags() {}

    public static boolean oob(int flags) {
        return (flags & OOB) != 0;
    }

    public static boolean endOfMessage(int flags) {
        return (flags & END_OF_MESSAGE) != 0;
    }
}
