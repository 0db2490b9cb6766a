package org.jgtlssh.gensio;

import java.io.IOException;

/** An accepted connection whose filter handshakes have not run yet. */
public interface Incoming {
    /** The peer's address as the terminal saw it. */
    String remoteAddress();

    /**
     * Runs the server side of every filter (bottom up) and returns the top of the stack. On failure the
     * whole connection is closed before the exception is thrown.
     */
    Gensio open() throws IOException;

    /** Drops the connection without opening it. */
    void abort();
}
