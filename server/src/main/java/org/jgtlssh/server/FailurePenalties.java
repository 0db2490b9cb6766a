package org.jgtlssh.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-source penalties (like OpenSSH's PerSourcePenalties): every failed login adds time to the
 * source's account, garbage or a broken protocol adds more; while a source's penalty is above the
 * threshold, its new connections are refused before any TLS work. Penalties run down in real time and
 * are capped, and the table is bounded (least recently penalized sources are forgotten first).
 */
public final class FailurePenalties {
    /** What went wrong. */
    public enum Kind {
        AUTH_FAILURE,
        PROTOCOL_ERROR
    }

    private final long authFailNanos;
    private final long protocolNanos;
    private final long thresholdNanos;
    private final long maxNanos;
    private final int maxSources;
    private final LongSupplier clock;
    /** source -> the time (clock nanos) at which its penalty has run down to zero. */
    private final LinkedHashMap<String, Long> until;

    public FailurePenalties(Duration authFail, Duration protocol, Duration threshold, Duration max, int maxSources,
            LongSupplier clock) {
        this.authFailNanos = authFail.toNanos();
        this.protocolNanos = protocol.toNanos();
        this.thresholdNanos = threshold.toNanos();
        this.maxNanos = max.toNanos();
        this.maxSources = maxSources;
        this.clock = clock;
        this.until = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> e) {
                return size() > FailurePenalties.this.maxSources;
            }
        };
    }

    /** OpenSSH-like defaults: 5 s per failed login, 10 s per protocol error, refused above 15 s, at most 10 min. */
    public static FailurePenalties defaults() {
        return new FailurePenalties(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
                Duration.ofMinutes(10), 65536, System::nanoTime);
    }

    public synchronized void penalize(String source, Kind kind) {
        long now = clock.getAsLong();
        long add = kind == Kind.AUTH_FAILURE ? authFailNanos : protocolNanos;
        long base = Math.max(now, until.getOrDefault(source, now));
        until.put(source, Math.min(base + add, now + maxNanos));
    }

    /** The time left before {@code source} may connect again, or zero when it may connect now. */
    public synchronized Duration refusedFor(String source) {
        Long u = until.get(source);
        if (u == null) {
            return Duration.ZERO;
        }
        long left = u - clock.getAsLong();
        if (left <= 0) {
            until.remove(source);
            return Duration.ZERO;
        }
        return left > thresholdNanos ? Duration.ofNanos(left - thresholdNanos) : Duration.ZERO;
    }
}
