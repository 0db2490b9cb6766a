package org.jgtlssh.server;

import java.io.IOException;
import org.jgtlssh.gensio.Gensio;

/**
 * The channels of one logged-in connection beyond the first: what the session needs from mux, and
 * nothing more, so sessions and forwarding are tested over in-memory channels.
 */
public interface ChannelHub {
    /** A channel the client opened, with its service bytes. */
    record Incoming(Gensio channel, byte[] service) {}

    /** Waits for the next channel the client opens; throws when the connection is gone. */
    Incoming accept() throws IOException;

    /** Opens a channel to the client with {@code service} (an {@code -R} service id). */
    Gensio open(byte[] service) throws IOException;

    /** Drops the connection and all its channels. */
    void abort();

    /** A hub for a connection without mux ({@code --nomux} clients): no further channels. */
    ChannelHub NONE = new ChannelHub() {
        @Override
        public Incoming accept() throws IOException {
            throw new IOException("no mux: no further channels");
        }

        @Override
        public Gensio open(byte[] service) throws IOException {
            throw new IOException("no mux: cannot open channels");
        }

        @Override
        public void abort() {}
    };
}
