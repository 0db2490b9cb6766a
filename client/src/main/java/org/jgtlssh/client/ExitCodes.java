package org.jgtlssh.client;

/** jgtlssh's exit statuses, in one place (ssh's conventions). */
public final class ExitCodes {
    /** The session ended and the server reported no status (gensio's gtlsshd), or the user quit. */
    public static final int OK = 0;
    /** Usage error, connection, trust or authentication failure, or a lost connection (like ssh). */
    public static final int FAILURE = 255;

    private ExitCodes() {}
}
