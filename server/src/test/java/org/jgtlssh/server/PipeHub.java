package org.jgtlssh.server;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;

/** An in-memory {@link ChannelHub}: the test plays the client end of every channel. */
final class PipeHub implements ChannelHub {
    record ClientChannel(Gensio channel, byte[] service) {}

    private final BlockingQueue<Incoming> fromClient = new LinkedBlockingQueue<>();
    final BlockingQueue<ClientChannel> toClient = new LinkedBlockingQueue<>();
    private volatile boolean aborted;

    /** The client opens a channel; returns the client's end. */
    Gensio clientOpens(String service) {
        Gensio[] p = OobPipe.pair(64);
        fromClient.add(new Incoming(p[1], service.getBytes()));
        return p[0];
    }

    ClientChannel nextServerOpened() throws InterruptedException {
        return toClient.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public Incoming accept() throws IOException {
        try {
            while (!aborted) {
                Incoming i = fromClient.poll(100, TimeUnit.MILLISECONDS);
                if (i != null) {
                    return i;
                }
            }
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
        throw new IOException("aborted");
    }

    @Override
    public Gensio open(byte[] service) throws IOException {
        Gensio[] p = OobPipe.pair(64);
        toClient.add(new ClientChannel(p[0], service));
        return p[1];
    }

    @Override
    public void abort() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }
}
