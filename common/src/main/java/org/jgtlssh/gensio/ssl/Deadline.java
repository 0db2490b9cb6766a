package org.jgtlssh.gensio.ssl;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jgtlssh.gensio.Gensio;

/**
 * A deadline for a handshake that runs as blocking reads on the child: when it expires the child is
 * aborted, which wakes the blocked read, and {@link #expired()} tells the handshake why it failed. One
 * shared daemon thread serves every deadline (a handshake that finishes in time cancels its task).
 */
public final class Deadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jgtlssh-deadlines");
        t.setDaemon(true);
        return t;
    });

    private static final int RUNNING = 0, DONE = 1, EXPIRED = 2;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final ScheduledFuture<?> task;
    private final Duration timeout;

    private Deadline(Gensio child, Duration timeout) {
        this.timeout = timeout;
        this.task = TIMER.schedule(() -> {
            if (state.compareAndSet(RUNNING, EXPIRED)) {
                child.abort();
            }
        }, Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Starts a deadline that aborts {@code child} after {@code timeout}. */
    public static Deadline start(Gensio child, Duration timeout) {
        return new Deadline(child, timeout);
    }

    public boolean expired() {
        return state.get() == EXPIRED;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Cancels the deadline (the handshake finished or failed for another reason). */
    @Override
    public void close() {
        if (state.compareAndSet(RUNNING, DONE)) {
            task.cancel(false);
        }
    }
}
