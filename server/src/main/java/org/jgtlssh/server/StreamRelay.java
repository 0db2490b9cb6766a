package org.jgtlssh.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;

/**
 * Copies bytes both ways between a forwarding channel and a socket until both directions have ended.
 * An end of stream on one side is passed on as a half-close where the other side has one; OOB data on
 * the channel is not part of the stream and is dropped.
 */
final class StreamRelay {
    private StreamRelay() {}

    /** A socket-like peer: streams plus a half-close and a close. */
    interface Endpoint {
        InputStream in();

        OutputStream out();

        void shutdownOutput();

        void close();
    }

    static void run(Gensio channel, Endpoint socket) {
        CountDownLatch done = new CountDownLatch(2);
        Thread.ofVirtual().name("fwd-up").start(() -> {
            byte[] buf = new byte[Math.max(1024, channel.maxReadSize())];
            ReadMeta meta = new ReadMeta();
            try {
                int n;
                OutputStream out = socket.out();
                while ((n = channel.read(buf, 0, buf.length, meta)) >= 0) {
                    if (!meta.oob() && n > 0) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // either side failed: the close below ends the other direction too
                socket.close();
            } finally {
                socket.shutdownOutput();
                done.countDown();
            }
        });
        Thread.ofVirtual().name("fwd-down").start(() -> {
            byte[] buf = new byte[16384];
            try {
                int n;
                InputStream in = socket.in();
                while ((n = in.read(buf)) > 0) {
                    channel.write(buf, 0, n, 0);
                }
                try {
                    channel.closeWrite();
                } catch (UnsupportedOperationException e) {
                    channel.close();
                }
            } catch (IOException e) {
                channel.abort();
            } finally {
                done.countDown();
            }
        });
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
            try {
                channel.close();
            } catch (IOException e) {
                channel.abort();
            }
        }
    }
}
