package org.jgtlssh.gensio.relpkt;

import java.util.Map;

/**
 * The sending half of a {@link RelpktLink}: packetising the application's bytes, the transmit window,
 * and the scheduling of retransmissions. Kept apart from the link because this is where goodput on a
 * noisy line is won or lost, and the rules need room for their reasons. Not thread-safe: the link's
 * caller holds one lock around every call.
 *
 * <pre>
 *   U = oldest unacknowledged SEQ, N = next SEQ to assign; at most `window` packets (and, between our
 *   own ends, `byteBudget` bytes) in [U, N).
 *   A packet is sent again when
 *     - the receiver names it in a RESEND: at once if it was sent only once (a serial line does not
 *       reorder, so the receiver saw a later packet and this one is lost), otherwise only if the last
 *       copy had time to arrive (half a clean round trip), so a request that crossed it changes nothing;
 *     - an ACK moves U but not past the retransmission point (NewReno: the next hole was lost too);
 *     - the retransmission timer fires: it covers U only and restarts at every ACK that moves U
 *       (RFC 6298 5.3). On a serial line the round trip is mostly our own queue; timing every packet from
 *       its own send made the whole window time out at once and buried the line in duplicates.
 *   Retransmissions go out before new packets, one DATA per poll, so a repair never waits behind new
 *   data that the link has not yet handed down.
 * </pre>
 */
final class RelpktSender {
    private static final long MS = 1_000_000L;
    /**
     * The floor only binds on a fast line (a pty relay without a baud limit, tcp), where the measured RTO
     * would be a millisecond: a spurious timeout there costs one packet (the timer covers U only), a late
     * one stalls the whole window. 30 ms made 1 MB at 1e-2 over an unlimited relay take three times longer.
     */
    private static final long MIN_RTO = 10 * MS;

    private final long tick;
    private final byte[][] buf = new byte[256][];
    private final int[] len = new int[256];
    private final boolean[] need = new boolean[256];
    private final boolean[] resent = new boolean[256];
    /** Retransmitted because the receiver named it missing: evidence of loss, unlike a timeout. */
    private final boolean[] lost = new boolean[256];
    private final long[] firstSent = new long[256];
    private final long[] lastSent = new long[256];
    private int u;
    private int n;
    private int window;
    private int byteBudget = Integer.MAX_VALUE;
    private int outstandingBytes;
    /** The negotiated largest payload, and the one in use (smaller on a noisy line, see resize()). */
    private int size;
    private int effSize;
    /** Between our own ends: no drain at the wrap, adaptive packet size, CRC-32C trailer. */
    private boolean ours;
    private int trailer;
    private byte[] pending;
    private int pendingLen;
    private boolean flushRequested;

    private long srtt = -1;
    private long minRtt = Long.MAX_VALUE;
    /**
     * A lower bound of the line's real rate: a frame cannot be acknowledged before it has been sent,
     * so frame bytes / RTT is at most the rate (the largest seen over clean samples).
     */
    private long provenRate;
    /** Smaller frames can ride a relay's or driver's burst allowance and look faster than the line. */
    private static final int MIN_PROOF_FRAME = 64;
    private long rttvar;
    private long rto;
    private int backoff;
    /** When an ACK last moved U: the retransmission timer runs from here. */
    private long lastProgress;
    private boolean inRecovery;
    private int recoverPoint;
    /** Fraction of packets the receiver named missing (moving average), to size packets. */
    private double lossEwma;
    /** The mean frame those packets travelled in (sizes change), to turn lossEwma into a per-byte rate. */
    private double frameEwma;
    /** gensio's size for this session (max_pktsize - trailer): where a session starts, a candidate size. */
    private int baseSize = 128;
    /**
     * With larger frames the byte budget also admits this many frames of the current size: a 1 KB frame
     * takes 90 ms at 115200 and a real line's round trip (UART, pty and relay queues) is several frame
     * times, so three frames left the line idle half the time (measured: 49 % of the line). Below
     * 357-byte payloads the usual 24 x 119 budget is the larger, so a noisy line is unaffected.
     */
    static final int LARGE_FRAMES_IN_FLIGHT = 8;
    private int framesInFlight;
    /** Larger frames were given up for good on this link (see {@link #dropBigFrames}). */
    private boolean bigFramesOff;

    private long packetsSent;
    private long packetsResent;
    private long bytesSent;
    private long timeouts;
    private long resendsReceived;
    private long ackedUnsent;

    RelpktSender(long tick) {
        this.tick = tick;
        this.rto = tick;
    }

    /** After the handshake. {@code ours}: both ends are jgtlssh (the extension was negotiated). */
    void configure(int window, int size, int byteBudget, boolean ours, long now) {
        this.window = window;
        this.size = size;
        this.effSize = size;
        this.byteBudget = byteBudget;
        this.ours = ours;
        this.trailer = ours ? RelpktCodec.TRAILER : 0;
        this.pending = new byte[size];
        this.lastProgress = now;
    }

    /**
     * After {@link #configure}: {@code start} is gensio's size for the session (max_pktsize - trailer).
     * With larger frames between our ends, start there and grow only while the line proves clean, so a
     * noisy line never sees a window of frames that cannot survive it.
     */
    void startSize(int start) {
        baseSize = Math.min(start, size);
        if (ours && start < size) {
            framesInFlight = LARGE_FRAMES_IN_FLIGHT;
            effSize = start;
        }
        frameEwma = effSize + RelpktCodec.DATA_HEADER + trailer + LinePacer.FRAMING;
    }

    int size() {
        return size;
    }

    /**
     * Sticky: the first sign that the line is not clean (a RESEND either way, a timeout, a damaged frame)
     * ends larger frames for the rest of the session. From then on the payload cap is gensio's size
     * again, no extra frames are admitted in flight, and sizing below the cap is exactly as it is without
     * larger frames: measured on a real 1e-3 line, any big-frame regime there lost most of the goodput.
     */
    void dropBigFrames() {
        if (bigFramesOff || baseSize >= size) {
            return;
        }
        bigFramesOff = true;
        size = baseSize;
        framesInFlight = 0;
        effSize = Math.min(effSize, size);
    }

    boolean bigFramesOff() {
        return bigFramesOff;
    }

    int window() {
        return window;
    }

    int oldest() {
        return u;
    }

    int next() {
        return n;
    }

    int outstanding() {
        return (n - u) & 0xFF;
    }

    int unsentBytes() {
        return pendingLen;
    }

    boolean allAcknowledged() {
        return pendingLen == 0 && u == n;
    }

    /** How far an ACK byte from the peer moves U, or -1 when it is outside [U, N] (invalid). */
    int advance(int ack) {
        int adv = (ack - u) & 0xFF;
        return adv > outstanding() ? -1 : adv;
    }

    // ---- the application side

    /** Takes up to {@code count} bytes into packets; returns how many (0: window and buffer full). */
    int offer(byte[] b, int off, int count) {
        int taken = 0;
        while (taken < count) {
            if (pendingLen >= effSize && !seal()) {
                break;
            }
            int k = Math.min(count - taken, Math.max(0, effSize - pendingLen));
            System.arraycopy(b, off + taken, pending, pendingLen, k);
            pendingLen += k;
            taken += k;
        }
        return taken;
    }

    void flush() {
        if (pendingLen > 0) {
            flushRequested = true;
        }
    }

    /** Moves the coalescing buffer into a numbered packet if the window allows. */
    private boolean seal() {
        if (pendingLen == 0) {
            return false;
        }
        int out = outstanding();
        // After dropBigFrames the buffer may hold more than the cap: it leaves in packets of the cap.
        int take = Math.min(pendingLen, size);
        // SEQ 0 waits until everything before the wrap is ACKed: gensio 2.6.2's receiver drops SEQs
        // below its next-to-deliver. Our own receiver counts modulo 256, so between our ends the
        // pipeline does not have to drain every 256 packets.
        if (out >= window || (n == 0 && out > 0 && !ours)
                || (out > 0 && outstandingBytes + take > Math.max(byteBudget, framesInFlight * effSize))) {
            return false;
        }
        int s = n;
        if (buf[s] == null || buf[s].length < size) {
            buf[s] = new byte[size];
        }
        System.arraycopy(pending, 0, buf[s], 0, take);
        len[s] = take;
        outstandingBytes += take;
        need[s] = true;
        resent[s] = false;
        lost[s] = false;
        firstSent[s] = -1;
        pendingLen -= take;
        if (pendingLen > 0) {
            System.arraycopy(pending, take, pending, 0, pendingLen);
        }
        n = (n + 1) & 0xFF;
        return true;
    }

    /**
     * The next DATA to send (sized and CRC-sealed for the session), carrying {@code ack}, or null.
     * Retransmissions first, oldest first, then new packets; a partial packet goes only when nothing is
     * in flight or a flush asked for it (coalescing, so one-byte writes do not become one-byte packets).
     */
    byte[] pollData(int ack, long now) {
        if (pendingLen >= effSize || (pendingLen > 0 && (outstanding() == 0 || flushRequested))) {
            seal();
        }
        while (pendingLen >= effSize && seal()) {
            // full packets go whenever the window allows
        }
        if (pendingLen == 0) {
            flushRequested = false;
        }
        int out = outstanding();
        for (int k = 0; k < out; k++) {
            int s = (u + k) & 0xFF;
            if (need[s]) {
                return transmit(s, ack, now);
            }
        }
        return null;
    }

    private byte[] transmit(int s, int ack, long now) {
        need[s] = false;
        byte[] m = new byte[RelpktCodec.DATA_HEADER + len[s] + trailer];
        RelpktCodec.encodeDataHeader(false, ack, s, m, 0);
        System.arraycopy(buf[s], 0, m, RelpktCodec.DATA_HEADER, len[s]);
        if (trailer > 0) {
            RelpktCodec.addTrailer(m, m.length - trailer);
        }
        if (firstSent[s] < 0) {
            firstSent[s] = now;
            packetsSent++;
            bytesSent += len[s];
        } else {
            resent[s] = true;
            packetsResent++;
        }
        lastSent[s] = now;
        return m;
    }

    // ---- feedback from the peer

    /** {@code count} packets from U are acknowledged (the caller checked it with {@link #advance}). */
    void acknowledge(int count, long now) {
        for (int k = 0; k < count; k++) {
            int s = (u + k) & 0xFF;
            if (firstSent[s] < 0) {
                ackedUnsent++;
            } else if (count == 1 && !inRecovery && !resent[s]) {
                // Karn: only packets sent once give an RTT; and only an ACK that moves by one, because
                // a jump means the packets waited at the receiver for a hole to be filled.
                rttSample(now - firstSent[s]);
                int frame = RelpktCodec.DATA_HEADER + len[s] + trailer + LinePacer.FRAMING;
                if (frame >= MIN_PROOF_FRAME) {
                    provenRate = Math.max(provenRate, frame * 1_000_000_000L / Math.max(1, now - firstSent[s]));
                }
            }
            lossEwma += ((lost[s] ? 1.0 : 0.0) - lossEwma) / 32;
            frameEwma += (RelpktCodec.DATA_HEADER + len[s] + trailer + LinePacer.FRAMING - frameEwma) / 32;
            outstandingBytes -= len[s];
            need[s] = false;
            resent[s] = false;
            lost[s] = false;
        }
        u = (u + count) & 0xFF;
        lastProgress = now;
        backoff = 0;
        updateRto();
        if (inRecovery) {
            int toPoint = (recoverPoint - u) & 0xFF;
            if (toPoint == 0 || toPoint > outstanding()) {
                inRecovery = false;
            } else if (!need[u] && now - lastSent[u] >= srtt / 2) {
                need[u] = true; // a partial ACK after a timeout: the next one was lost too (NewReno)
            }
        }
        resize();
    }

    /** A RESEND's pairs (first, last). */
    void onResend(int[] p, long now) {
        resendsReceived++;
        dropBigFrames();
        int out = outstanding();
        for (int i = 0; i + 1 < p.length; i += 2) {
            int from = (p[i] - u) & 0xFF;
            int to = (p[i + 1] - u) & 0xFF;
            // gensio fails on a range outside [U, N); a late RESEND (crossed by our retransmission or the
            // ACK) is normal on a lossy line, so we ignore what is no longer outstanding.
            for (int k = from; k <= to && k < out; k++) {
                int s = (u + k) & 0xFF;
                if (need[s] || firstSent[s] < 0) {
                    continue;
                }
                // Pacing: a request that crossed our previous retransmission does not trigger another.
                // A packet sent once is simply lost (the line keeps order and the receiver saw a later one).
                if (!resent[s] || srtt < 0 || now - lastSent[s] >= srtt / 2) {
                    need[s] = true;
                    lost[s] = true;
                }
            }
        }
    }

    /** The peer asked for the handshake again before it saw our data: send everything unacked again. */
    void resendAll() {
        int out = outstanding();
        for (int k = 0; k < out; k++) {
            need[(u + k) & 0xFF] = true;
        }
    }

    // ---- the clock

    /** When {@link #onTimer} is due (Long.MAX_VALUE: nothing in flight). */
    long deadline() {
        if (u != n && !need[u]) {
            return Math.max(lastSent[u], lastProgress) + rto;
        }
        return Long.MAX_VALUE;
    }

    void onTimer(long now) {
        if (u != n && !need[u] && firstSent[u] >= 0 && now - Math.max(lastSent[u], lastProgress) >= rto) {
            need[u] = true;
            timeouts++;
            dropBigFrames();
            backoff++;
            updateRto();
            inRecovery = true;
            recoverPoint = n;
        }
    }

    private void rttSample(long r) {
        minRtt = Math.min(minRtt, r);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            long err = r - srtt;
            srtt += err / 8;
            rttvar += (Math.abs(err) - rttvar) / 4;
        }
    }

    private void updateRto() {
        // Twice the smoothed RTT: the RTT of a serial line grows with its queue, and a spurious
        // retransmission costs line time that the real data needs.
        long base = srtt < 0 ? tick : Math.max(MIN_RTO, 2 * srtt + 4 * rttvar);
        // Loss on a serial line is noise, not congestion: doubling the timeout again and again (as TCP
        // does) only stretches every stall. One doubling absorbs a queue that grew.
        rto = Math.min(2 * tick, base << Math.min(backoff, 1));
    }

    /**
     * Between our own ends only: picks the payload size that carries most data per line byte at the
     * observed loss. On a line that damages one byte in a hundred a full 130-byte frame is lost three
     * times out of four, a 32-byte one once in three. Towards gensio the size stays as negotiated (its
     * msgdelim stops at the first damaged frame anyway, so there is no noisy regime to adapt to).
     */
    private void resize() {
        if (!ours || size == 0) {
            return;
        }
        int overhead = RelpktCodec.DATA_HEADER + trailer + 5; // + CRC-16, separator, ~1 escape
        if (baseSize >= size) {
            resizeStandard(overhead); // never had, or gave up, larger frames
            return;
        }
        if (lossEwma < 0.02) {
            // Back to gensio's size at once (as before larger frames); beyond it only step by step and
            // only while the line is nearly clean: shrinking is at once, growing must not overshoot.
            effSize = Math.max(effSize, baseSize);
            if (lossEwma < 0.005) {
                effSize = Math.min(size, 2 * effSize);
            }
            return;
        }
        double frame = frameEwma > 0 ? frameEwma : effSize + overhead;
        double keep = Math.pow(1 - Math.min(lossEwma, 0.95), 1.0 / frame); // per byte survival
        int best = size;
        double bestEff = 0;
        for (int cand : new int[] {16, 24, 32, 48, 64, 96, baseSize, 192, 256, 384, 512, 768, size}) {
            int sz = Math.min(cand, size);
            if (sz > 2 * effSize) {
                break;
            }
            double eff = sz / (double) (sz + overhead) * Math.pow(keep, sz + overhead);
            if (eff > bestEff) {
                bestEff = eff;
                best = sz;
            }
        }
        effSize = best;
    }

    /** Sizing up to gensio's size, as without larger frames. */
    private void resizeStandard(int overhead) {
        if (lossEwma < 0.02) {
            effSize = size;
            return;
        }
        double frame = effSize + overhead;
        double keep = Math.pow(1 - Math.min(lossEwma, 0.95), 1.0 / frame); // per byte survival
        int best = size;
        double bestEff = 0;
        for (int cand : new int[] {16, 24, 32, 48, 64, 96, size}) {
            int sz = Math.min(cand, size);
            double eff = sz / (double) (sz + overhead) * Math.pow(keep, sz + overhead);
            if (eff > bestEff) {
                bestEff = eff;
                best = sz;
            }
        }
        effSize = best;
    }

    long srtt() {
        return srtt;
    }

    /** Bytes per second the line has been seen to carry at least (0: no sample yet). */
    long provenRate() {
        return provenRate;
    }

    void addCounters(Map<String, Long> m) {
        m.put("packets-sent", packetsSent);
        m.put("packets-resent", packetsResent);
        m.put("timeouts", timeouts);
        m.put("bytes-sent", bytesSent);
        m.put("resend-requests-received", resendsReceived);
        m.put("acked-unsent", ackedUnsent);
        m.put("rtt-us", srtt < 0 ? -1 : srtt / 1000);
        m.put("rto-us", rto / 1000);
        m.put("payload-size", (long) effSize);
        m.put("max-payload-size", (long) size);
        m.put("big-frames-off", bigFramesOff ? 1L : 0L);
        m.put("loss-permille", (long) (lossEwma * 1000));
    }
}
