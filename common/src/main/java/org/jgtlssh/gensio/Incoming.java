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

    /**
     * A connection that the terminal has already opened and that has no handshake of its own (a
     * socket, a child process): {@code open()} returns it, {@code abort()} aborts it.
     */
    static Incoming of(Gensio g) {
        return new Incoming() {
            @Override
            public String remoteAddress() {
                return g.remoteAddress();
            }

            @Override
            public Gensio open() {
                return g;
            }

            @Override
            public void abort() {
                g.abort();
            }
        };
    }
}
