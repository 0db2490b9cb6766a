package org.jgtlssh.server;

import java.io.IOException;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.mux.MuxChannel;
import org.jgtlssh.gensio.mux.MuxSession;

/** {@link ChannelHub} over a mux connection. */
final class MuxHub implements ChannelHub {
    private final MuxSession session;

    MuxHub(MuxSession session) {
        this.session = session;
    }

    @Override
    public Incoming accept() throws IOException {
        MuxChannel c = session.acceptChannel();
        return new Incoming(c, c.serviceBytes());
    }

    @Override
    public Gensio open(byte[] service) throws IOException {
        return session.openChannel(service);
    }

    @Override
    public void abort() {
        session.abort();
    }
}
