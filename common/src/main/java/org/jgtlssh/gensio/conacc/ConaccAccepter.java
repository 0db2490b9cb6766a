package org.jgtlssh.gensio.conacc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.ForwardingGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.stack.StackSpec;

/**
 * Offers one connection at a time, made by opening a connector stack. {@link #accept()} opens the
 * child (retrying every {@code retry-time} if that is set, else failing with the open's error) and
 * blocks while the previous connection is still open, so there is never more than one.
 *
 * <pre>
 *   accept() ─► [wait: previous closed] ─► open child ─ok─► Incoming ─► user ... close() ─┐
 *                   ▲                         │fail                                       │
 *                   │                  retry-time>0? sleep, again : throw                 │
 *                   └─────────────────────────────────────────────────────────────────────┘
 * </pre>
 */
final class ConaccAccepter implements Accepter {
    private final StackSpec child;
    private final Duration retry;
    private final OpenContext ctx;
    private final String where;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean busy;
    private boolean closed;

    ConaccAccepter(StackSpec child, Duration retry, OpenContext ctx, String where) {
        this.child = child;
        this.retry = retry;
        this.ctx = ctx;
        this.where = where;
    }

    @Override
    public Incoming accept() throws IOException {
        lock.lock();
        try {
            while (busy && !closed) {
                await(null);
            }
            if (closed) {
                throw new GensioException(where, "accepter closed");
            }
            busy = true;
        } finally {
            lock.unlock();
        }
        Gensio g;
        try {
            g = openChild();
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
        Gensio wrapped = new Offered(g);
        return Incoming.of(wrapped);
    }

    private Gensio openChild() throws IOException {
        while (true) {
            try {
                return Gensios.defaults().open(child, ctx);
            } catch (IOException e) {
                if (retry.isZero()) {
                    throw new GensioException(where, "cannot open the child: " + e.getMessage(), e);
                }
            }
            lock.lock();
            try {
                if (closed) {
                    throw new GensioException(where, "accepter closed");
                }
                await(retry);
                if (closed) {
                    throw new GensioException(where, "accepter closed");
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void await(Duration d) throws InterruptedIOException {
        try {
            if (d == null) {
                changed.await();
            } else {
                changed.awaitNanos(d.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private void release() {
        lock.lock();
        try {
            busy = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String localAddress() {
        return "conacc," + child;
    }

    /** Stops offering; a connection already handed out stays open until its user closes it. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The child connection as handed out; closing it lets the accepter open the next one. */
    private final class Offered extends ForwardingGensio {
        private boolean released;

        Offered(Gensio g) {
            super(g);
        }

        private synchronized void done() {
            if (!released) {
                released = true;
                release();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                delegate.close();
            } finally {
                done();
            }
        }

        @Override
        public void abort() {
            delegate.abort();
            done();
        }

        @Override
        public String toString() {
            return "conacc(" + delegate + ")";
        }
    }
}
