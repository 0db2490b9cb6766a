package org.jgtlssh.gensio.relpkt;

/**
 * A model of the serial line's transmit queue, so a {@link RelpktLink} hands DATA down no faster than
 * the line sends it. Without it the whole window sits in the UART (or pty) queue, every retransmission
 * waits behind it, and on a noisy line the window is exhausted long before a hole is repaired. With it
 * a retransmission overtakes new data, a repair takes about one empty-line round trip, and the RTT
 * measured is the line's, not our own queue's. Not thread-safe (the link's lock covers it).
 *
 * <pre>
 *   every message handed down:   freeAt = max(now, freeAt) + (length + framing) / rate
 *   DATA may go while:           freeAt - now <= backlog   (max(25 ms, two full frames))
 * </pre>
 * Two full frames keep the line busy while the sender thread wakes up; 25 ms absorbs timer slop on a
 * loaded machine. A line slower than its settings (flow control) just queues as before. A line faster
 * than its settings (a pty, whose baud rate is fiction) is found out by the round trip: a frame
 * acknowledged in less time than the set rate needs to send it proves the rate wrong
 * ({@link #isRefutedBy}), and the link stops pacing.
 */
final class LinePacer {
    /** msgdelim's per-frame bytes (CRC-16, separator) and about one escape. */
    static final int FRAMING = 5;
    private static final long MIN_BACKLOG = 25_000_000L;

    private final long rate;
    private final long backlog;
    private long freeAt;

    /** @param bytesPerSecond the line's rate (baud / bits per byte), > 0 */
    LinePacer(long bytesPerSecond, int maxMessage) {
        this.rate = bytesPerSecond;
        this.backlog = Math.max(MIN_BACKLOG, 2 * lineTime(maxMessage + FRAMING));
    }

    private long lineTime(long bytes) {
        return bytes * 1_000_000_000L / rate;
    }

    /** A message of {@code length} bytes was handed down at {@code now}. */
    void sent(int length, long now) {
        freeAt = Math.max(now, freeAt) + lineTime(length + FRAMING);
    }

    /**
     * Whether a line seen to carry at least {@code provenBytesPerSecond} makes the set rate fiction.
     * Twice the rate: relays and drivers may send a few bytes in a burst.
     */
    boolean isRefutedBy(long provenBytesPerSecond) {
        return provenBytesPerSecond > 2 * rate;
    }

    long rate() {
        return rate;
    }

    /** When DATA may be handed down again: {@code now} or earlier when it may go at once. */
    long dataAllowedAt() {
        return freeAt - backlog;
    }
}
