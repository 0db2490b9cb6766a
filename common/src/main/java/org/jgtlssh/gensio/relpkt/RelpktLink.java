package org.jgtlssh.gensio.relpkt;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Close;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Data;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Init;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Message;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Resend;

/**
 * The relpkt state machine, without threads, I/O or a clock of its own: every input carries the time
 * ({@code now}, in nanoseconds of any monotonic clock), outgoing messages are queued for the caller to
 * send ({@link #pollOutput()}), and {@link #nextDeadline()} says when {@link #onTimer(long)} is due.
 * Tests drive it with a virtual clock; {@link RelpktGensio} drives it with {@code System.nanoTime()}.
 * Not thread-safe: the caller holds one lock around every call.
 *
 * <pre>
 *   client: CLOSED --start: CLOSE, INIT req--> WAIT_INIT_RSP --INIT rsp--> OPEN
 *   server: CLOSED --start--> WAIT_INIT --INIT req / INIT rsp--> OPEN
 *   OPEN --local close, all ACKed: CLOSE--> WAIT_CLOSE_RSP --CLOSE or 6 ticks--> DONE
 *   OPEN --CLOSE: CLOSE--> REMCLOSED (reads drain, then end of stream)
 *   any --dead peer / restart / lower failure--> FAILED
 *
 *   sender:   U = oldest unacknowledged SEQ, N = next SEQ; at most min(peer W, own W) outstanding;
 *             towards gensio, SEQ 0 is not sent while anything before the wrap is outstanding (2.6.2's
 *             receiver drops SEQs below its next-to-deliver);
 *             retransmit on RESEND, on an INIT request, and per packet after an RTT-based timeout;
 *             payloads shrink when the line damages many frames (resize()).
 *   between two of our ends (INIT extension, see RelpktCodec): CRC-32C on every message, a 96-packet
 *             window limited to 24 full packets of bytes in flight, no drain at the wrap.
 *   receiver: D = next SEQ to deliver, X = one past the highest in-order SEQ seen; a gap sends
 *             RESEND(X, SEQ-1); ACK = D, sent with every DATA and as a pure ACK after deliveries and
 *             at every tick without outgoing data (keepalive).
 * </pre>
 */
public final class RelpktLink {
    public enum State { CLOSED, WAIT_INIT, WAIT_INIT_RSP, OPEN, WAIT_CLOSE_RSP, REMCLOSED, DONE, FAILED }

    private static final long MS = 1_000_000L;
    /** Below this a pty plus a relay process jitters enough to fire spurious retransmissions. */
    private static final long MIN_RTO = 30 * MS;
    private static final int CLOSE_WAIT_TICKS = 6;
    private static final int INIT_RETRIES = 5;
    /**
     * Between two of our ends the window is counted in bytes as well: this many full packets' worth may
     * be in flight, however small the packets are cut on a noisy line (see resize()). More would only
     * queue in the UART and stretch the round trip.
     */
    static final int EXT_FULL_PACKETS_IN_FLIGHT = 24;
    static int EXT_WINDOW = Integer.getInteger("jgtlssh.relpkt.extwindow", 32);

    private final RelpktOptions opts;
    private final boolean client;
    private final long tick;
    private final GensioListener listener;
    private State state = State.CLOSED;
    private IOException failure;
    /** Offer the CRC-32C extension in our INIT (always, unless a test turns it off to act like gensio). */
    private boolean offerExt = true;
    /** Both INITs carried the extension: every other message has a CRC-32C trailer. */
    private boolean ext;
    private long openedAt;
    /** Our window when both ends are ours: 64 unless max_packets was set to something else than 16. */
    private final int extWindow;
    /** The receive window in force: max_packets, or the extension's window. */
    private int rxWindow;

    // ---- transmit side
    private final byte[][] txBuf = new byte[256][];
    private final int[] txLen = new int[256];
    private final boolean[] txNeed = new boolean[256];
    private final boolean[] txResent = new boolean[256];
    /** Retransmitted because the receiver named it missing: evidence of loss, unlike a timeout. */
    private final boolean[] txLost = new boolean[256];
    private final long[] txFirstSent = new long[256];
    private final long[] txLastSent = new long[256];
    private int txU;
    private int txN;
    private int txWindow;
    private int txByteBudget = Integer.MAX_VALUE;
    private int outstandingBytes;
    private int txSize;
    private byte[] pending;
    private int pendingLen;
    private boolean flushRequested;
    private boolean closeRequested;
    private boolean dataSentSinceTick;

    // ---- receive side
    private final byte[][] rxSlot = new byte[256][];
    private final int[] rxLen = new int[256];
    private final boolean[] rxHas = new boolean[256];
    private int rxD;
    private int rxX;
    private final byte[] app;
    private int appHead;
    private int appCount;
    private boolean peerSentData;

    // ---- control messages waiting to go out
    private boolean sendCloseBeforeInit;
    private boolean initReqPending;
    private boolean initRspPending;
    private boolean ackPending;
    private boolean closePending;
    private final int[] resendPairs = new int[RelpktCodec.MAX_RESEND_PAIRS * 2];
    private int resendCount;
    private final ArrayDeque<byte[]> out = new ArrayDeque<>();

    // ---- timers
    private long nextTick = Long.MAX_VALUE;
    private int initTries;
    private int ticksSinceAck;
    private int closeTicks;
    private long srtt = -1;
    private long minRtt = Long.MAX_VALUE;
    private long rttvar;
    private long rto;
    private int backoff;
    private long lastHoleRequest = Long.MIN_VALUE / 2;
    private boolean inRecovery;
    private int recoverPoint;
    /** Fraction of packets that needed a retransmission (moving average), to size packets. */
    private double lossEwma;
    private int effSize;

    // ---- statistics
    private long packetsSent;
    private long packetsResent;
    private long bytesSent;
    private long bytesDelivered;
    private long acksSent;
    private long resendsSent;
    private long resendsReceived;
    private long duplicates;
    private long outOfWindow;
    private long invalidAcks;
    private long malformed;
    private long integrityErrors;
    private long ackedUnsent;
    private long discardedAfterClose;
    private long rateMark;
    private long rateMarkBytes;
    private long rateBytesPerSecond;

    /**
     * @param client whether this side sends the INIT request (after the {@code mode} option was applied)
     * @param listener receives events and statistics; may be {@link GensioListener#NONE}
     */
    public RelpktLink(RelpktOptions opts, boolean client, GensioListener listener) {
        this.opts = opts;
        this.client = client;
        this.tick = opts.tick().toNanos();
        this.listener = listener == null ? GensioListener.NONE : listener;
        this.extWindow = opts.maxPackets() == RelpktOptions.DEFAULT.maxPackets() ? EXT_WINDOW : opts.maxPackets();
        this.rxWindow = opts.maxPackets();
        this.app = new byte[Math.max(4096, 2 * Math.max(extWindow, opts.maxPackets()) * opts.maxPacketSize())];
        this.rto = tick;
    }

    /** Starts the handshake: a client sends CLOSE (restart hygiene, spec 8) and its INIT request. */
    public void start(long now) {
        if (state != State.CLOSED) {
            throw new IllegalStateException("already started");
        }
        if (client) {
            state = State.WAIT_INIT_RSP;
            sendCloseBeforeInit = true;
            initReqPending = true;
            nextTick = now + tick;
        } else {
            state = State.WAIT_INIT;
        }
    }

    public State state() {
        return state;
    }

    /** Makes this link speak plain gensio (no extension offered), as a C peer would. */
    public RelpktLink withoutExtension() {
        offerExt = false;
        return this;
    }

    /** Whether the CRC-32C extension was negotiated. */
    public boolean extended() {
        return ext;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** The failure that ended the link, or null. */
    public IOException failure() {
        return failure;
    }

    /** The negotiated largest payload we send (0 before the handshake). */
    public int txSize() {
        return txSize;
    }

    public int txWindow() {
        return txWindow;
    }

    /** The oldest unacknowledged SEQ (U). */
    int txOldest() {
        return txU;
    }

    /** The next SEQ to assign (N). */
    int txNext() {
        return txN;
    }

    // =====================================================================================================
    // Inputs

    /** One packet from the layer below. Malformed packets are counted and dropped (see the class note). */
    public void onPacket(byte[] b, int off, int len, long now) {
        if (len == 0 || state == State.FAILED || state == State.DONE || state == State.CLOSED) {
            return;
        }
        Message m;
        try {
            boolean isInit = ((b[off] & 0xF0) >>> 4) == RelpktCodec.INIT;
            if (ext && !isInit) {
                if (!RelpktCodec.checkTrailer(b, off, len)) {
                    integrityErrors++;
                    listener.event("relpkt", "integrity-error", Map.of("length", len));
                    return; // damage that got past msgdelim's CRC-16: drop it, retransmission repairs it
                }
                len -= RelpktCodec.TRAILER;
            }
            m = RelpktCodec.decode(b, off, len, opts.maxPacketSize());
            if (ext && m instanceof Init i && (i.extFlags() & RelpktCodec.EXT_CRC32C) == 0) {
                integrityErrors++; // an extended session never sees a plain INIT: noise, not a restart
                return;
            }
        } catch (ProtocolException e) {
            // gensio fails the link here. On a serial line a frame can pass the CRC-16 damaged, and killing
            // a login over one such frame is worse than dropping it: the peer's retransmission repairs it.
            malformed++;
            listener.event("relpkt", "malformed-packet", Map.of("reason", e.getMessage()));
            return;
        }
        switch (m) {
            case Init i -> onInit(i, now);
            case Data d -> onData(d, now);
            case Resend r -> onResend(r, now);
            case Close c -> {
                if (ext && c.ack() >= 0 && state == State.OPEN) {
                    // Our extension: the CLOSE carries the peer's ACK, so a lost final ACK does not make
                    // data that did arrive look lost.
                    int adv = (c.ack() - txU) & 0xFF;
                    if (adv > 0 && adv <= ((txN - txU) & 0xFF)) {
                        acknowledge(adv, now);
                    }
                }
                onClose(now);
            }
        }
    }

    private void onInit(Init i, long now) {
        switch (state) {
            case WAIT_INIT -> {
                if (i.response()) {
                    return;
                }
                if (!negotiate(i)) {
                    return;
                }
                initRspPending = true;
                enterOpen(now);
            }
            case WAIT_INIT_RSP -> {
                if (!i.response()) {
                    return; // two clients never pair up (as in gensio); one side must be mode=server
                }
                if (!negotiate(i)) {
                    return;
                }
                enterOpen(now);
            }
            case OPEN -> {
                if (i.response()) {
                    return;
                }
                if (peerSentData) {
                    // A new INIT request after the peer already spoke in this session: it restarted, and
                    // whatever it had not handed to its application is gone. Saying so beats gensio's
                    // silent loss (spec 8).
                    fail(new GensioException("relpkt", "the peer restarted the link; data in flight was lost"));
                    return;
                }
                initRspPending = true; // our response was lost: answer again and resend what is unacked
                markAllForResend();
            }
            case WAIT_CLOSE_RSP, REMCLOSED -> closePending = true;
            default -> {}
        }
    }

    private void markAllForResend() {
        int outstanding = (txN - txU) & 0xFF;
        for (int k = 0; k < outstanding; k++) {
            txNeed[(txU + k) & 0xFF] = true;
        }
    }

    private boolean negotiate(Init i) {
        boolean e = offerExt && i.extFlags() >= 0 && (i.extFlags() & RelpktCodec.EXT_CRC32C) != 0;
        int size = Math.min(i.maxPacketSize(), opts.maxPacketSize()) - (e ? RelpktCodec.TRAILER : 0);
        if (i.window() == 0 || size <= 0) {
            fail(new ProtocolException("relpkt", "peer advertised window " + i.window() + ", packet size "
                    + i.maxPacketSize()));
            return false;
        }
        ext = e;
        txWindow = Math.min(i.window(), opts.maxPackets());
        if (e && i.extWindow() > 0) {
            txWindow = Math.min(i.extWindow(), extWindow);
            rxWindow = extWindow;
            txByteBudget = EXT_FULL_PACKETS_IN_FLIGHT * size;
        }
        txSize = size;
        pending = new byte[txSize];
        effSize = txSize;
        return true;
    }

    private void enterOpen(long now) {
        state = State.OPEN;
        openedAt = now;
        nextTick = now + tick;
        ticksSinceAck = 0;
        rateMark = now;
        listener.event("relpkt", "open", Map.of("tx-window", txWindow, "tx-size", txSize, "crc32c", ext));
    }

    private void onData(Data d, long now) {
        if (state != State.OPEN) {
            return; // WAIT_INIT / WAIT_INIT_RSP / closing states ignore DATA, as gensio does
        }
        int outstanding = (txN - txU) & 0xFF;
        int adv = (d.ack() - txU) & 0xFF;
        if (adv > outstanding) {
            invalidAcks++; // gensio drops the whole message; so do we (it may belong to another session)
            return;
        }
        peerSentData = true;
        ticksSinceAck = 0;
        if (adv > 0) {
            acknowledge(adv, now);
        }
        if (d.payloadLength() == 0) {
            return;
        }
        int seq = d.seq();
        int ahead = (seq - rxD) & 0xFF;
        if (ahead >= rxWindow) {
            outOfWindow++; // an old duplicate or beyond our window: re-ACK so a sender that lost our ACK learns D
            ackPending = true;
            return;
        }
        int inOrder = (rxX - rxD) & 0xFF;
        if (seq == rxX) {
            rxX = (rxX + 1) & 0xFF;
        } else if (ahead >= inOrder) {
            queueResend(rxX, (seq - 1) & 0xFF);
            lastHoleRequest = now;
            rxX = (seq + 1) & 0xFF;
        } else if (seq != rxD) {
            requestHoles(now); // a retransmission filled one hole: ask again for the others if it is time
        }
        if (rxHas[seq]) {
            duplicates++;
            return;
        }
        if (rxSlot[seq] == null) {
            rxSlot[seq] = new byte[opts.maxPacketSize()];
        }
        System.arraycopy(d.buf(), d.payloadOffset(), rxSlot[seq], 0, d.payloadLength());
        rxLen[seq] = d.payloadLength();
        rxHas[seq] = true;
        deliver();
    }

    private void acknowledge(int count, long now) {
        for (int k = 0; k < count; k++) {
            int s = (txU + k) & 0xFF;
            if (txFirstSent[s] < 0) {
                ackedUnsent++;
            } else if (count == 1 && !inRecovery && !txResent[s]) {
                // Karn: only packets sent once give an RTT; and only an ACK that moves by one, because
                // a jump means the packets waited at the receiver for a hole to be filled.
                rttSample(now - txFirstSent[s]);
            }
            lossEwma += ((txLost[s] ? 1.0 : 0.0) - lossEwma) / 32;
            outstandingBytes -= txLen[s];
            txNeed[s] = false;
            txResent[s] = false;
            txLost[s] = false;
        }
        txU = (txU + count) & 0xFF;
        backoff = 0;
        updateRto();
        if (inRecovery) {
            int toPoint = (recoverPoint - txU) & 0xFF;
            int outstanding = (txN - txU) & 0xFF;
            if (toPoint == 0 || toPoint > outstanding) {
                inRecovery = false;
            } else if (!txNeed[txU] && now - txLastSent[txU] >= srtt / 2) {
                txNeed[txU] = true; // a partial ACK after a timeout: the next one was lost too (NewReno)
            }
        }
        resize();
    }

    /**
     * Picks the payload size that carries most data per line byte at the observed loss: on a line that
     * damages one byte in a hundred a full 130-byte frame is lost three times out of four, a 32-byte one
     * once in three. A gensio receiver accepts any size up to its maximum.
     */
    private void resize() {
        if (txSize == 0) {
            return;
        }
        int overhead = RelpktCodec.DATA_HEADER + trailer() + 5; // + CRC-16, separator, ~1 escape
        if (lossEwma < 0.02) {
            effSize = txSize;
            return;
        }
        double frame = (effSize > 0 ? effSize : txSize) + overhead;
        double keep = Math.pow(1 - Math.min(lossEwma, 0.95), 1.0 / frame); // per byte survival
        int best = txSize;
        double bestEff = 0;
        for (int cand : new int[] {16, 24, 32, 48, 64, 96, txSize}) {
            int sz = Math.min(cand, txSize);
            double eff = sz / (double) (sz + overhead) * Math.pow(keep, sz + overhead);
            if (eff > bestEff) {
                bestEff = eff;
                best = sz;
            }
        }
        effSize = best;
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

    private void queueResend(int first, int last) {
        if (resendCount < RelpktCodec.MAX_RESEND_PAIRS) {
            resendPairs[2 * resendCount] = first;
            resendPairs[2 * resendCount + 1] = last;
            resendCount++;
        }
    }

    /**
     * Asks again for every packet still missing below X, at most once per round trip. gensio asks once
     * per gap; when that RESEND or the retransmission is lost it waits for the sender's timer. (The
     * ranges are always inside the sender's [U, N), so a gensio sender accepts them.)
     */
    private void requestHoles(long now) {
        long interval = Math.max(20 * MS, srtt > 0 ? srtt : 200 * MS);
        if (now - lastHoleRequest < interval || resendCount > 0) {
            return;
        }
        int span = (rxX - rxD) & 0xFF;
        int k = 0;
        while (k < span && resendCount < RelpktCodec.MAX_RESEND_PAIRS) {
            int s = (rxD + k) & 0xFF;
            if (rxHas[s]) {
                k++;
                continue;
            }
            int first = k;
            while (k < span && !rxHas[(rxD + k) & 0xFF]) {
                k++;
            }
            queueResend(s, (rxD + k - 1) & 0xFF);
            if (first == k) {
                break;
            }
        }
        lastHoleRequest = now;
    }

    private void deliver() {
        while (rxHas[rxD]) {
            int n = rxLen[rxD];
            if (closeRequested) {
                discardedAfterClose += n; // the application closed: ACK and drop, as gensio does
            } else {
                if (app.length - appCount < n) {
                    return; // flow control: the application is slow, so D and the ACK wait
                }
                int tail = (appHead + appCount) % app.length;
                int first = Math.min(n, app.length - tail);
                System.arraycopy(rxSlot[rxD], 0, app, tail, first);
                System.arraycopy(rxSlot[rxD], first, app, 0, n - first);
                appCount += n;
                bytesDelivered += n;
            }
            rxHas[rxD] = false;
            rxD = (rxD + 1) & 0xFF;
            ackPending = true;
        }
    }

    private void onResend(Resend r, long now) {
        if (state != State.OPEN && state != State.WAIT_CLOSE_RSP) {
            return;
        }
        resendsReceived++;
        int outstanding = (txN - txU) & 0xFF;
        int[] p = r.ranges();
        for (int i = 0; i + 1 < p.length; i += 2) {
            int from = (p[i] - txU) & 0xFF;
            int to = (p[i + 1] - txU) & 0xFF;
            // gensio fails on a range outside [U, N); a late RESEND (crossed by our retransmission or the
            // ACK) is normal on a lossy line, so we ignore what is no longer outstanding.
            for (int k = from; k <= to && k < outstanding; k++) {
                int s = (txU + k) & 0xFF;
                // Pacing: a request that crossed our previous retransmission does not trigger another.
                // For a packet sent only once the bar is the empty line's round trip: on a serial line
                // our own queue inflates srtt, and waiting for it would turn every loss into a timeout.
                long age = now - txLastSent[s];
                long bar = txResent[s] ? srtt / 2 : minRtt / 2;
                if (!txNeed[s] && (srtt < 0 || age >= bar)) {
                    txNeed[s] = true;
                    txLost[s] = true;
                }
            }
        }
    }

    private void onClose(long now) {
        switch (state) {
            case OPEN -> {
                if (!client && !peerSentData && now - openedAt < tick) {
                    // The client's restart-hygiene CLOSE goes out just before its INIT; a copy delayed
                    // or duplicated by the line must not end the session it just opened.
                    return;
                }
                state = State.REMCLOSED;
                closePending = true;
                if (txU != txN || pendingLen > 0) {
                    listener.event("relpkt", "data-lost",
                            Map.of("unacked-packets", (txN - txU) & 0xFF, "unsent-bytes", pendingLen));
                    failure = new GensioException("relpkt", "the peer closed with "
                            + ((txN - txU) & 0xFF) + " packets and " + pendingLen + " bytes not acknowledged");
                }
                listener.event("relpkt", "remote-close", Map.of());
            }
            case WAIT_CLOSE_RSP -> finish();
            case WAIT_INIT_RSP -> {} // the handshake retries at the next tick
            default -> {}
        }
    }

    /** The time has come (or passed) for {@link #nextDeadline()}. */
    public void onTimer(long now) {
        if (now >= nextTick) {
            linkTick(now);
        }
        if (state == State.OPEN) {
            // Retransmission timeout, per packet: the receiver's RESENDs name the holes it sees, but a
            // lost RESEND or a lost tail is only found this way. Back off while it repeats.
            int outstanding = (txN - txU) & 0xFF;
            boolean fired = false;
            for (int k = 0; k < outstanding; k++) {
                int s = (txU + k) & 0xFF;
                if (!txNeed[s] && now - txLastSent[s] >= rto) {
                    txNeed[s] = true;
                    fired = true;
                }
            }
            if (fired) {
                backoff++;
                updateRto();
                inRecovery = true;
                recoverPoint = txN;
            }
        }
    }

    private void linkTick(long now) {
        nextTick = now + tick;
        switch (state) {
            case WAIT_INIT_RSP -> {
                if (++initTries > INIT_RETRIES) {
                    fail(new GensioException("relpkt", "no INIT response from the peer (is exactly one side "
                            + "mode=server?): timed out"));
                } else {
                    initReqPending = true;
                }
            }
            case OPEN -> {
                if (++ticksSinceAck > opts.maxTimeouts()) {
                    fail(new GensioException("relpkt", "the peer stopped answering: no valid ACK for "
                            + ticksSinceAck + " ticks, timed out"));
                    return;
                }
                if (!dataSentSinceTick) {
                    ackPending = true; // keepalive
                }
                dataSentSinceTick = false;
                long dt = now - rateMark;
                if (dt > 0) {
                    rateBytesPerSecond = (bytesDelivered - rateMarkBytes) * 1_000_000_000L / dt;
                }
                rateMark = now;
                rateMarkBytes = bytesDelivered;
                listener.stats("relpkt", counters());
            }
            case WAIT_CLOSE_RSP -> {
                if (++closeTicks >= CLOSE_WAIT_TICKS) {
                    finish();
                } else {
                    closePending = true; // gensio sends CLOSE once; repeating it survives a lost CLOSE
                }
            }
            default -> nextTick = Long.MAX_VALUE;
        }
    }

    /** When {@link #onTimer} must be called next (Long.MAX_VALUE: never). */
    public long nextDeadline() {
        long d = nextTick;
        if (state == State.OPEN) {
            int outstanding = (txN - txU) & 0xFF;
            for (int k = 0; k < outstanding; k++) {
                int s = (txU + k) & 0xFF;
                if (!txNeed[s]) {
                    d = Math.min(d, txLastSent[s] + rto);
                }
            }
        }
        return d;
    }

    /** The layer below failed or reached end of stream. */
    public void lowerFailed(IOException e) {
        if (state == State.DONE || state == State.FAILED) {
            return;
        }
        if (state == State.WAIT_CLOSE_RSP || state == State.REMCLOSED) {
            finish();
            return;
        }
        fail(new GensioException("relpkt", "the link below failed: " + e.getMessage(), e));
    }

    private void fail(IOException e) {
        if (state == State.FAILED || state == State.DONE) {
            return;
        }
        failure = e;
        state = State.FAILED;
        nextTick = Long.MAX_VALUE;
        out.clear();
        listener.event("relpkt", "failed", Map.of("reason", String.valueOf(e.getMessage())));
        listener.stats("relpkt", counters());
    }

    private void finish() {
        state = State.DONE;
        nextTick = Long.MAX_VALUE;
        listener.stats("relpkt", counters());
    }

    // =====================================================================================================
    // The application side

    /**
     * Takes up to {@code len} bytes for sending and returns how many were taken (0: the window and the
     * coalescing buffer are full, wait). Small writes are coalesced into the open packet while others are
     * in flight; {@link #flush()} sends a partial packet at once.
     */
    public int offer(byte[] b, int off, int len) throws IOException {
        checkWritable();
        if (state != State.OPEN) {
            return 0;
        }
        int taken = 0;
        while (taken < len) {
            if (pendingLen >= effSize && !seal()) {
                break;
            }
            int n = Math.min(len - taken, Math.max(0, effSize - pendingLen));
            System.arraycopy(b, off + taken, pending, pendingLen, n);
            pendingLen += n;
            taken += n;
        }
        return taken;
    }

    private void checkWritable() throws IOException {
        if (state == State.FAILED) {
            throw failure;
        }
        if (closeRequested || state == State.WAIT_CLOSE_RSP || state == State.DONE) {
            throw new GensioException("relpkt", "closed");
        }
        if (state == State.REMCLOSED) {
            throw new GensioException("relpkt", "the remote end closed");
        }
    }

    /** Moves the coalescing buffer into a numbered packet if the window allows. */
    private boolean seal() {
        if (pendingLen == 0 || state != State.OPEN) {
            return false;
        }
        int outstanding = (txN - txU) & 0xFF;
        // SEQ 0 waits until everything before the wrap is ACKed: gensio 2.6.2's receiver drops SEQs
        // below its next-to-deliver. Our own receiver counts modulo 256, so between our ends the
        // pipeline does not have to drain every 256 packets.
        if (outstanding >= txWindow || (txN == 0 && outstanding > 0 && !ext)
                || (outstanding > 0 && outstandingBytes + pendingLen > txByteBudget)) {
            return false;
        }
        int s = txN;
        if (txBuf[s] == null || txBuf[s].length < txSize) {
            txBuf[s] = new byte[txSize];
        }
        System.arraycopy(pending, 0, txBuf[s], 0, pendingLen);
        txLen[s] = pendingLen;
        outstandingBytes += pendingLen;
        txNeed[s] = true;
        txResent[s] = false;
        txFirstSent[s] = -1;
        pendingLen = 0;
        txN = (txN + 1) & 0xFF;
        return true;
    }

    /** Asks that a partial packet go out now instead of waiting for the packets in flight. */
    public void flush() {
        if (pendingLen > 0) {
            flushRequested = true;
        }
    }

    /** True when everything offered has been acknowledged by the peer. */
    public boolean allAcknowledged() {
        return pendingLen == 0 && txU == txN;
    }

    /**
     * Copies delivered bytes. Returns 0 when nothing is buffered, -1 once the peer closed and everything
     * was read. Throws the link's failure once the buffered bytes are read.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        if (appCount == 0) {
            if (state == State.FAILED) {
                throw failure;
            }
            if (state == State.REMCLOSED || state == State.DONE) {
                return -1;
            }
            return 0;
        }
        int n = Math.min(len, appCount);
        int first = Math.min(n, app.length - appHead);
        System.arraycopy(app, appHead, b, off, first);
        System.arraycopy(app, 0, b, off + first, n - first);
        appHead = (appHead + n) % app.length;
        appCount -= n;
        deliver(); // room freed: slots held back by flow control move up, and their ACK goes out
        return n;
    }

    public int available() {
        return appCount;
    }

    /**
     * The application closes: pending data is flushed; once everything is acknowledged CLOSE goes out.
     * Data from the peer is ACKed and dropped from now on.
     */
    public void close(long now) {
        switch (state) {
            case OPEN -> {
                closeRequested = true;
                flushRequested = true;
                appCount = 0;
            }
            case REMCLOSED -> finish();
            case WAIT_INIT, WAIT_INIT_RSP, CLOSED -> finish();
            default -> {}
        }
    }

    // =====================================================================================================
    // Output

    /**
     * The next message to hand to the layer below, or null. Order as in gensio: INIT, DATA (with the
     * current ACK), RESEND, pure ACK, CLOSE; here every ready DATA goes out at once.
     */
    public byte[] pollOutput(long now) {
        if (out.isEmpty()) {
            produce(now);
        }
        return out.poll();
    }

    private void produce(long now) {
        if (state == State.FAILED || state == State.DONE || state == State.CLOSED) {
            return;
        }
        if (initReqPending) {
            initReqPending = false;
            if (sendCloseBeforeInit) {
                sendCloseBeforeInit = false;
                out.add(encodeClose());
            }
            byte[] m = new byte[offerExt ? RelpktCodec.INIT_EXT_LENGTH : 5];
            if (offerExt) {
                RelpktCodec.encodeInitExt(false, opts.maxPackets(), opts.maxPacketSize(), RelpktCodec.EXT_CRC32C,
                        extWindow, m, 0);
            } else {
                RelpktCodec.encodeInit(false, opts.maxPackets(), opts.maxPacketSize(), m, 0);
            }
            out.add(m);
        }
        if (initRspPending) {
            initRspPending = false;
            byte[] m = new byte[ext ? RelpktCodec.INIT_EXT_LENGTH : 5]; // never show the extension to a peer that did not offer it
            if (ext) {
                RelpktCodec.encodeInitExt(true, opts.maxPackets(), opts.maxPacketSize(), RelpktCodec.EXT_CRC32C,
                        extWindow, m, 0);
            } else {
                RelpktCodec.encodeInit(true, opts.maxPackets(), opts.maxPacketSize(), m, 0);
            }
            out.add(m);
        }
        if (state == State.OPEN) {
            int outstanding = (txN - txU) & 0xFF;
            if (pendingLen >= effSize || (pendingLen > 0 && (outstanding == 0 || flushRequested))) {
                seal();
            }
            while (pendingLen >= effSize && seal()) {
                // full packets go whenever the window allows
            }
            if (pendingLen == 0) {
                flushRequested = false;
            }
            outstanding = (txN - txU) & 0xFF;
            for (int k = 0; k < outstanding; k++) {
                int s = (txU + k) & 0xFF;
                if (!txNeed[s]) {
                    continue;
                }
                txNeed[s] = false;
                byte[] m = new byte[RelpktCodec.DATA_HEADER + txLen[s] + trailer()];
                RelpktCodec.encodeDataHeader(false, rxD, s, m, 0);
                System.arraycopy(txBuf[s], 0, m, RelpktCodec.DATA_HEADER, txLen[s]);
                seal(m);
                out.add(m);
                if (txFirstSent[s] < 0) {
                    txFirstSent[s] = now;
                    packetsSent++;
                    bytesSent += txLen[s];
                } else {
                    txResent[s] = true;
                    packetsResent++;
                }
                txLastSent[s] = now;
                dataSentSinceTick = true;
                ackPending = false;
            }
            if (closeRequested && allAcknowledged()) {
                state = State.WAIT_CLOSE_RSP;
                closeTicks = 0;
                closePending = true;
                nextTick = now + tick;
            }
        }
        if (resendCount > 0) {
            byte[] m = new byte[1 + 2 * resendCount + trailer()];
            RelpktCodec.encodeResend(resendPairs, resendCount, m, 0);
            seal(m);
            resendCount = 0;
            resendsSent++;
            out.add(m);
        }
        if (ackPending) {
            ackPending = false;
            if (state == State.OPEN || state == State.WAIT_CLOSE_RSP) {
                byte[] m = new byte[3 + trailer()];
                RelpktCodec.encodeAck(rxD, m, 0);
                seal(m);
                acksSent++;
                out.add(m);
            }
        }
        if (closePending) {
            closePending = false;
            out.add(encodeClose());
        }
    }

    private int trailer() {
        return ext ? RelpktCodec.TRAILER : 0;
    }

    /** Adds the CRC-32C trailer when the extension is on ({@code m} was sized with {@link #trailer()}). */
    private void seal(byte[] m) {
        if (ext) {
            RelpktCodec.addTrailer(m, m.length - RelpktCodec.TRAILER);
        }
    }

    private byte[] encodeClose() {
        byte[] m = new byte[3 + trailer()];
        RelpktCodec.encodeClose(m, 0);
        if (ext) {
            m[1] = (byte) rxD; // only between our ends: gensio ignores these two bytes, we read them
            m[2] = 1;
        }
        seal(m);
        return m;
    }

    /** Link statistics, as reported to the listener at every tick and at the end. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packets-sent", packetsSent);
        m.put("packets-resent", packetsResent);
        m.put("bytes-sent", bytesSent);
        m.put("bytes-delivered", bytesDelivered);
        m.put("acks-sent", acksSent);
        m.put("resend-requests-sent", resendsSent);
        m.put("resend-requests-received", resendsReceived);
        m.put("duplicates", duplicates);
        m.put("out-of-window", outOfWindow);
        m.put("invalid-acks", invalidAcks);
        m.put("malformed", malformed);
        m.put("integrity-errors", integrityErrors);
        m.put("acked-unsent", ackedUnsent);
        m.put("discarded-after-close", discardedAfterClose);
        m.put("rtt-us", srtt < 0 ? -1 : srtt / 1000);
        m.put("rto-us", rto / 1000);
        m.put("rate-bytes-per-s", rateBytesPerSecond);
        m.put("payload-size", (long) effSize);
        m.put("loss-permille", (long) (lossEwma * 1000));
        return m;
    }
}
