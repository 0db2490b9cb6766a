package org.jgtlssh.gensio.stdio;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Incoming;

/**
 * The stdio accepter: its one connection is this process's own stdio, handed out by the first
 * {@link #accept()}. Later accepts wait until the accepter is closed (there is only one stdin).
 */
final class StdioAccepter implements Accepter {
    interface Opener {
        Gensio open() throws IOException;
    }

    private final Opener opener;
    private final String address;
    private final AtomicBoolean given = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    StdioAccepter(Opener opener, String address) {
        this.opener = opener;
        this.address = address;
    }

    @Override
    public Incoming accept() throws IOException {
        if (closed.getCount() == 0) {
            throw new GensioException(address, "accepter closed");
        }
        if (given.compareAndSet(false, true)) {
            return new Incoming() {
                @Override
                public String remoteAddress() {
                    return address;
                }

                @Override
                public Gensio open() throws IOException {
                    return opener.open();
                }

                @Override
                public void abort() {
                    // nothing was opened yet
                }
            };
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        throw new GensioException(address, "accepter closed");
    }

    @Override
    public String localAddress() {
        return address;
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
