package org.jgtlssh.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Caps the connections that have not authenticated yet (like OpenSSH's MaxStartups), so idle or slow
 * handshakes cannot use up the server. When the cap is reached, the <em>oldest</em> pending connection is
 * dropped to make room: a flood of connections that never authenticate only ever delays a real login by
 * the time the attacker needs to open {@code max} new connections, instead of locking it out until the
 * login deadline frees a slot. A per-source cap drops a source's own oldest connection first.
 */
public final class StartupLimiter {
    private final int max;
    private final int maxPerSource;
    private final Deque<Ticket> pending = new ArrayDeque<>();
    private final Map<String, Integer> perSource = new HashMap<>();

    public StartupLimiter(int max, int maxPerSource) {
        if (max < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.max = max;
        this.maxPerSource = maxPerSource;
    }

    /** A pending connection's place; {@link #done()} when it has authenticated or closed. */
    public final class Ticket {
        private final String source;
        private final Runnable drop;
        private boolean live = true;

        private Ticket(String source, Runnable drop) {
            this.source = source;
            this.drop = drop;
        }

        /** Leaves the pending set (authenticated, failed or closed). Idempotent. */
        public void done() {
            synchronized (StartupLimiter.this) {
                if (live) {
                    pending.remove(this);
                    release(this);
                }
            }
        }
    }

    /**
     * Admits a new connection from {@code source}; {@code drop} aborts it should it be evicted later.
     * Evicted connections are dropped outside the lock; their sources are returned by the callback order.
     */
    public Ticket admit(String source, Runnable drop) {
        Ticket evicted = null;
        Ticket t = new Ticket(source, drop);
        synchronized (this) {
            if (perSource.getOrDefault(source, 0) >= maxPerSource) {
                evicted = oldest(source);
            } else if (pending.size() >= max) {
                evicted = pending.peekFirst();
            }
            if (evicted != null) {
                pending.remove(evicted);
                release(evicted);
            }
            pending.addLast(t);
            perSource.merge(source, 1, Integer::sum);
        }
        if (evicted != null) {
            evicted.drop.run();
        }
        return t;
    }

    public synchronized int pending() {
        return pending.size();
    }

    private Ticket oldest(String source) {
        for (Ticket t : pending) {
            if (t.source.equals(source)) {
                return t;
            }
        }
        return null;
    }

    private void release(Ticket t) {
        t.live = false;
        perSource.computeIfPresent(t.source, (k, v) -> v == 1 ? null : v - 1);
    }
}
