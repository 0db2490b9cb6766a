package org.jgtlssh.jgensiot;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.Gensio;

/**
 * Copies io1 to io2 and io2 to io1 on two virtual threads until the session is over.
 *
 * <p>End of stream is passed on as a half-close: when io1 ends, io2's write side is closed and the
 * copy from io2 goes on until io2 ends too (an HTTP request on stdin still gets its whole answer).
 * The session ends when both directions have ended, when either side fails, when a side that cannot
 * half-close (a pty) would need to, when the user quits with the escape character, or, for an
 * interactive terminal, as soon as the remote side ends (the user wants the prompt back).
 */
final class Relay {
    private final Gensio io1;
    private final Gensio io2;
    private final EscapeMachine escape;
    private final boolean endWhenRemoteEnds;
    private final CountDownLatch over = new CountDownLatch(1);
    private final CountDownLatch bothDone = new CountDownLatch(2);
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    /**
     * @param escape the escape machine for io1's input, or null
     * @param endWhenRemoteEnds end the session once io2 ends (interactive use)
     */
    Relay(Gensio io1, Gensio io2, EscapeMachine escape, boolean endWhenRemoteEnds) {
        this.io1 = io1;
        this.io2 = io2;
        this.escape = escape;
        this.endWhenRemoteEnds = endWhenRemoteEnds;
    }

    /** Runs the session to its end and closes both sides. Throws the first failure, if any. */
    void run() throws IOException {
        Thread a = Thread.ofVirtual().name("io1->io2").start(() -> copy(io1, io2, escape, false));
        Thread b = Thread.ofVirtual().name("io2->io1").start(() -> copy(io2, io1, null, endWhenRemoteEnds));
        Thread.ofVirtual().start(() -> {
            try {
                bothDone.await();
            } catch (InterruptedException ignored) {
                // the session ends anyway
            }
            over.countDown();
        });
        try {
            over.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(io2);
        closeQuietly(io1);
        try {
            a.join(2000);
            b.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    private void copy(Gensio from, Gensio to, EscapeMachine esc, boolean endAllAtEof) {
        byte[] buf = new byte[Math.max(16384, Math.min(from.maxReadSize(), 1 << 20))];
        byte[] filtered = esc == null ? null : new byte[buf.length * 2];
        try {
            while (true) {
                int n = from.read(buf, 0, buf.length);
                if (n < 0) {
                    break;
                }
                if (esc != null) {
                    int m = esc.filter(buf, 0, n, filtered);
                    if (m > 0) {
                        to.write(filtered, 0, m);
                    }
                    if (esc.quit()) {
                        over.countDown();
                        return;
                    }
                } else if (n > 0) {
                    to.write(buf, 0, n);
                }
            }
            if (endAllAtEof) {
                to.flush();
                over.countDown();
                return;
            }
            try {
                to.closeWrite();
            } catch (UnsupportedOperationException e) {
                over.countDown(); // no half-close on this side: the whole session ends here
                return;
            }
            bothDone.countDown();
        } catch (IOException e) {
            if (!from.isClosed() && !to.isClosed()) {
                failure.compareAndSet(null, e);
            }
            over.countDown();
        }
    }

    private static void closeQuietly(Gensio g) {
        try {
            g.close();
        } catch (IOException e) {
            g.abort();
        }
    }
}
