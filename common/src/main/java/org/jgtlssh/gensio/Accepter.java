package org.jgtlssh.gensio;

import java.io.IOException;

/**
 * Listens and hands out connections. {@link #accept()} returns as soon as the terminal has a new
 * connection; the filters' server-side handshakes (TLS, certauth, ...) run when the caller opens the
 * {@link Incoming}, on the caller's thread, so one slow or hostile peer never holds up the accept loop.
 */
public interface Accepter extends AutoCloseable {
    /** Blocks until a new connection arrives. Throws once the accepter is closed. */
    Incoming accept() throws IOException;

    /** Printable local address(es), e.g. {@code ipv6,::,852}. */
    String localAddress();

    /** The bound port for network accepters (useful with port 0), or -1. */
    default int port() {
        return -1;
    }

    /** Stops listening; a blocked {@link #accept()} throws. Idempotent. */
    @Override
    void close();
}
