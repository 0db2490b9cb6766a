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
 *   sender (RelpktSender): U = oldest unacknowledged SEQ, N = next SEQ; at most min(peer W, own W)
 *             outstanding; towards gensio, SEQ 0 is not sent while anything before the wrap is
 *             outstanding (2.6.2's receiver drops SEQs below its next-to-deliver); retransmit on
 *             RESEND, on an INIT request, on a partial ACK in recovery, and for U after an RTT-based
 *             timeout restarted by every ACK that moves U.
 *   between two of our ends (INIT extension, see RelpktCodec): CRC-32C on every message, a 64-packet
 *             window limited to 24 full packets of bytes in flight, no drain at the wrap, payloads
 *             that shrink when the line damages many frames.
 *   receiver (RelpktReceiver): D = next SEQ to deliver, X = one past the highest SEQ seen; a gap
 *             sends RESEND(X, SEQ-1) at once and again after a measured repair time while it stays
 *             open; ACK = D, sent with every DATA and as a pure ACK after deliveries and at every tick
 *             without outgoing data (keepalive).
 *   output order: INIT, RESEND, one DATA (retransmissions first), pure ACK, CLOSE. RESEND goes before
 *             our own data so a repair the peer needs never waits behind our queue (any order is
 *             gensio-compatible: it acts on each message as it arrives).
 * </pre>
 */
public final class RelpktLink {
    public enum State { CLOSED, WAIT_INIT, WAIT_INIT_RSP, OPEN, WAIT_CLOSE_RSP, REMCLOSED, DONE, FAILED }

    private static final int CLOSE_WAIT_TICKS = 6;
    private static final int INIT_RETRIES = 5;
    /**
     * Between two of our ends the window is counted in bytes as well: this many full packets' worth may
     * be in flight, however small the packets are cut on a noisy line. More would only queue in the UART
     * and stretch the round trip.
     */
    static final int EXT_FULL_PACKETS_IN_FLIGHT = 24;
    /**
     * Our window between our own ends. A copy of an old packet is only mistaken for a new one if it
     * arrives after 256 - 64 = 192 newer packets, which a serial line or tcp (both keep order) never
     * does; on a fast noisy line 64 instead of 32 halves the time holes stall the window.
     */
    static int EXT_WINDOW = Integer.getInteger("jgtlssh.relpkt.extwindow", 64);

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
    private final RelpktSender tx;
    private final RelpktReceiver rx;
    private boolean peerSentData;
    private boolean closeRequested;
    private boolean dataSentSinceTick;

    // ---- control messages waiting to go out
    private boolean sendCloseBeforeInit;
    private boolean initReqPending;
    private boolean initRspPending;
    private boolean closePending;
    private final ArrayDeque<byte[]> out = new ArrayDeque<>();

    // ---- larger frames between our ends (see setFrameCapacity)
    /** The largest message our layer below accepts / sends (0: not advertised, gensio's sizes). */
    private int rxFrame;
    private int txFrame;
    /** The peer's request carried a frame capacity (our response may then carry ours). */
    private boolean peerFrame;
    /** The largest DATA payload we accept: max_pktsize, or more when we advertise a frame capacity. */
    private int rxMaxPayload;

    // ---- pacing (see setLineRate)
    private long lineRate;
    private LinePacer pacer;
    private long paceUntil = Long.MAX_VALUE;

    // ---- timers
    private long nextTick = Long.MAX_VALUE;
    private int initTries;
    private int ticksSinceAck;
    private int closeTicks;

    // ---- statistics
    private long acksSent;
    private long invalidAcks;
    private long malformed;
    private long integrityErrors;
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
        this.tx = new RelpktSender(tick);
        this.rxMaxPayload = opts.maxPacketSize();
        this.rx = new RelpktReceiver(opts.maxPackets(), opts.maxPacketSize(),
                Math.max(4096, 2 * Math.max(extWindow, opts.maxPackets()) * opts.maxPacketSize()));
    }

    /**
     * Before {@link #start}: advertise (between our ends only, in the INIT extension) that the layer
     * below accepts messages of up to {@code rxBytes} bytes and sends up to {@code txBytes}. When both ends
     * advertise, the payload is min(peer's rx, own tx) - header - trailer instead of max_pktsize - trailer
     * (never less). A gensio peer, or an older jgtlssh, never advertises, and then nothing changes.
     */
    public void setFrameCapacity(int rxBytes, int txBytes) {
        if (state != State.CLOSED) {
            throw new IllegalStateException("already started");
        }
        rxFrame = Math.min(rxBytes, 65535);
        txFrame = Math.min(txBytes, 65535);
        rxMaxPayload = Math.max(opts.maxPacketSize(), rxFrame - RelpktCodec.DATA_HEADER - RelpktCodec.TRAILER);
        rx.setMaxPacketSize(rxMaxPayload);
    }

    /**
     * Paces DATA to a serial line of {@code bytesPerSecond} (0: none), see {@link LinePacer}. Only
     * between our own ends: towards gensio the line must be clean anyway (its msgdelim stops at the
     * first damaged frame), and gensio's own tests run over ptys whose baud rate is fiction.
     */
    public void setLineRate(long bytesPerSecond) {
        lineRate = bytesPerSecond;
        pacer = bytesPerSecond > 0 ? new LinePacer(bytesPerSecond,
                opts.maxPacketSize() + RelpktCodec.DATA_HEADER + RelpktCodec.TRAILER) : null;
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
        return tx.size();
    }

    public int txWindow() {
        return tx.window();
    }

    /** The oldest unacknowledged SEQ (U). */
    int txOldest() {
        return tx.oldest();
    }

    /** The next SEQ to assign (N). */
    int txNext() {
        return tx.next();
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
                    tx.dropBigFrames(); // sticky: the line is not clean
                    listener.event("relpkt", "integrity-error", Map.of("length", len));
                    return; // damage that got past msgdelim's CRC-16: drop it, retransmission repairs it
                }
                len -= RelpktCodec.TRAILER;
            }
            m = RelpktCodec.decode(b, off, len, rxMaxPayload);
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
            case Resend r -> {
                if (state == State.OPEN || state == State.WAIT_CLOSE_RSP) {
                    tx.onResend(r.ranges(), now);
                }
            }
            case Close c -> {
                if (ext && c.ack() >= 0 && state == State.OPEN) {
                    // Our extension: the CLOSE carries the peer's ACK, so a lost final ACK does not make
                    // data that did arrive look lost.
                    int adv = tx.advance(c.ack());
                    if (adv > 0) {
                        tx.acknowledge(adv, now);
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
                if (!negotiate(i, now)) {
                    return;
                }
                initRspPending = true;
                enterOpen(now);
            }
            case WAIT_INIT_RSP -> {
                if (!i.response()) {
                    return; // two clients never pair up (as in gensio); one side must be mode=server
                }
                if (!negotiate(i, now)) {
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
                tx.resendAll();
            }
            case WAIT_CLOSE_RSP, REMCLOSED -> closePending = true;
            default -> {}
        }
    }

    private boolean negotiate(Init i, long now) {
        boolean e = offerExt && i.extFlags() >= 0 && (i.extFlags() & RelpktCodec.EXT_CRC32C) != 0;
        int size = Math.min(i.maxPacketSize(), opts.maxPacketSize()) - (e ? RelpktCodec.TRAILER : 0);
        if (i.window() == 0 || size <= 0) {
            fail(new ProtocolException("relpkt", "peer advertised window " + i.window() + ", packet size "
                    + i.maxPacketSize()));
            return false;
        }
        int standard = size;
        peerFrame = e && i.extFrame() > 0;
        if (peerFrame && rxFrame > 0 && txFrame > 0) {
            // Both ends ours and both advertised: the peer's layer below takes i.extFrame() bytes whole.
            size = Math.max(size, Math.min(i.extFrame(), txFrame) - RelpktCodec.DATA_HEADER - RelpktCodec.TRAILER);
        }
        ext = e;
        int window = Math.min(i.window(), opts.maxPackets());
        int budget = Integer.MAX_VALUE;
        if (e && i.extWindow() > 0) {
            window = Math.min(i.extWindow(), extWindow);
            rx.setWindow(extWindow);
            // The byte budget stays what it is with gensio-sized packets (a quarter second of a 115200
            // line); with larger frames the sender also admits a few frames of its current size
            // (RelpktSender.LARGE_FRAMES_IN_FLIGHT), so a noisy line with small packets is unaffected.
            budget = EXT_FULL_PACKETS_IN_FLIGHT * standard;
        }
        tx.configure(window, size, budget, e, now);
        tx.startSize(standard);
        return true;
    }

    private void enterOpen(long now) {
        state = State.OPEN;
        openedAt = now;
        nextTick = now + tick;
        ticksSinceAck = 0;
        rateMark = now;
        listener.event("relpkt", "open", Map.of("tx-window", tx.window(), "tx-size", tx.size(), "crc32c", ext));
    }

    private void onData(Data d, long now) {
        if (state != State.OPEN) {
            return; // WAIT_INIT / WAIT_INIT_RSP / closing states ignore DATA, as gensio does
        }
        int adv = tx.advance(d.ack());
        if (adv < 0) {
            invalidAcks++; // gensio drops the whole message; so do we (it may belong to another session)
            return;
        }
        peerSentData = true;
        ticksSinceAck = 0;
        if (adv > 0) {
            tx.acknowledge(adv, now);
            if (pacer != null && pacer.isRefutedBy(tx.provenRate())) {
                // The line is faster than its settings say (a pty): pacing to them would only slow it.
                listener.event("relpkt", "pacing-off", Map.of("set-bytes-per-s", pacer.rate(),
                        "seen-bytes-per-s", tx.provenRate()));
                pacer = null;
                paceUntil = Long.MAX_VALUE;
            }
        }
        if (d.payloadLength() > 0) {
            rx.onData(d.seq(), d.buf(), d.payloadOffset(), d.payloadLength(), now);
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
                if (tx.outstanding() > 0 || tx.unsentBytes() > 0) {
                    listener.event("relpkt", "data-lost",
                            Map.of("unacked-packets", tx.outstanding(), "unsent-bytes", tx.unsentBytes()));
                    failure = new GensioException("relpkt", "the peer closed with " + tx.outstanding()
                            + " packets and " + tx.unsentBytes() + " bytes not acknowledged");
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
            tx.onTimer(now);
            rx.onTimer(now);
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
                    rx.requestAck(); // keepalive
                }
                dataSentSinceTick = false;
                long dt = now - rateMark;
                if (dt > 0) {
                    rateBytesPerSecond = (rx.bytesDelivered() - rateMarkBytes) * 1_000_000_000L / dt;
                }
                rateMark = now;
                rateMarkBytes = rx.bytesDelivered();
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
            d = Math.min(d, Math.min(Math.min(tx.deadline(), rx.deadline()), paceUntil));
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
        return tx.offer(b, off, len);
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

    /** Asks that a partial packet go out now instead of waiting for the packets in flight. */
    public void flush() {
        tx.flush();
    }

    /** True when everything offered has been acknowledged by the peer. */
    public boolean allAcknowledged() {
        return tx.allAcknowledged();
    }

    /**
     * Copies delivered bytes. Returns 0 when nothing is buffered, -1 once the peer closed and everything
     * was read. Throws the link's failure once the buffered bytes are read.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        if (rx.available() == 0) {
            if (state == State.FAILED) {
                throw failure;
            }
            if (state == State.REMCLOSED || state == State.DONE) {
                return -1;
            }
            return 0;
        }
        return rx.read(b, off, len);
    }

    public int available() {
        return rx.available();
    }

    /**
     * The application closes: pending data is flushed; once everything is acknowledged CLOSE goes out.
     * Data from the peer is ACKed and dropped from now on.
     */
    public void close(long now) {
        switch (state) {
            case OPEN -> {
                closeRequested = true;
                tx.flush();
                rx.discard();
            }
            case REMCLOSED -> finish();
            case WAIT_INIT, WAIT_INIT_RSP, CLOSED -> finish();
            default -> {}
        }
    }

    // =====================================================================================================
    // Output

    /**
     * The next message to hand to the layer below, or null. One DATA per call, so a retransmission that
     * becomes due while the caller is busy writing goes before new data.
     */
    public byte[] pollOutput(long now) {
        if (out.isEmpty()) {
            produce(now);
        }
        byte[] m = out.poll();
        if (m != null && pacer != null) {
            pacer.sent(m.length, now);
        }
        return m;
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
            out.add(encodeInit(false, offerExt));
        }
        if (initRspPending) {
            initRspPending = false;
            out.add(encodeInit(true, ext)); // never show the extension (or the frame) to a peer that did not offer it
        }
        byte[] resend = state == State.OPEN || state == State.WAIT_CLOSE_RSP ? rx.takeResend(trailer()) : null;
        if (resend != null) {
            tx.dropBigFrames(); // we saw a gap: the line is not clean, in our direction too
            seal(resend);
            out.add(resend);
        }
        paceUntil = Long.MAX_VALUE;
        if (state == State.OPEN && ext && pacer != null && pacer.dataAllowedAt() > now) {
            paceUntil = pacer.dataAllowedAt(); // DATA waits until the line has room
        } else if (state == State.OPEN) {
            byte[] data = tx.pollData(rx.ack(), now);
            if (data != null) {
                out.add(data);
                dataSentSinceTick = true;
                rx.ackSent();
                return; // the rest waits for the next poll
            }
            if (closeRequested && allAcknowledged()) {
                state = State.WAIT_CLOSE_RSP;
                closeTicks = 0;
                closePending = true;
                nextTick = now + tick;
            }
        }
        if (rx.takeAckDue() && (state == State.OPEN || state == State.WAIT_CLOSE_RSP)) {
            byte[] m = new byte[3 + trailer()];
            RelpktCodec.encodeAck(rx.ack(), m, 0);
            seal(m);
            acksSent++;
            out.add(m);
        }
        if (closePending) {
            closePending = false;
            out.add(encodeClose());
        }
    }

    private byte[] encodeInit(boolean response, boolean withExt) {
        boolean withFrame = withExt && rxFrame > 0 && (!response || peerFrame);
        byte[] m = new byte[withFrame ? RelpktCodec.INIT_FRAME_LENGTH : withExt ? RelpktCodec.INIT_EXT_LENGTH : 5];
        if (withFrame) {
            RelpktCodec.encodeInitExt(response, opts.maxPackets(), opts.maxPacketSize(), RelpktCodec.EXT_CRC32C,
                    extWindow, rxFrame, m, 0);
        } else if (withExt) {
            RelpktCodec.encodeInitExt(response, opts.maxPackets(), opts.maxPacketSize(), RelpktCodec.EXT_CRC32C,
                    extWindow, m, 0);
        } else {
            RelpktCodec.encodeInit(response, opts.maxPackets(), opts.maxPacketSize(), m, 0);
        }
        return m;
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
            m[1] = (byte) rx.ack(); // only between our ends: gensio ignores these two bytes, we read them
            m[2] = 1;
        }
        seal(m);
        return m;
    }

    /** Link statistics, as reported to the listener at every tick and at the end. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        tx.addCounters(m);
        rx.addCounters(m);
        m.put("acks-sent", acksSent);
        m.put("invalid-acks", invalidAcks);
        m.put("malformed", malformed);
        m.put("integrity-errors", integrityErrors);
        m.put("rate-bytes-per-s", rateBytesPerSecond);
        return m;
    }
}
