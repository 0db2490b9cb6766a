package org.jgtlssh.gensio.mux;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.Role;

/**
 * The mux connection state machine over one child gensio.
 *
 * <pre>
 *  start:   queue INIT ──► reader loop, sender loop
 *  client:  peer INIT ──► NEW_CHANNEL(first) ──► RSP ──► OPEN      (never before the peer's INIT:
 *                                                                   gensio would lose its own INIT)
 *  server:  peer INIT ──► NEW_CHANNEL ──► RSP(0) ──► OPEN          (first channel: never refused)
 *  OPEN:    either side opens (one request outstanding per direction), data, acks, closes
 *  end:     last channel freed ──► sender flushes, closes the child
 *           protocol error / child EOF / I/O error ──► every channel fails
 * </pre>
 *
 * Threads: one reader loop (virtual) decodes and dispatches; it never blocks on anything but the
 * child's read, so a channel whose reader stops cannot stall the others, and our acks cannot deadlock
 * against the peer's data. One sender loop (virtual, {@link MuxSender}) is the only writer to the child:
 * every frame is queued, so the wire order is the queue order (an RSP before the channel's data, data
 * before CLOSE).
 * Channel writers wait for credit, then queue at most two frames each. One lock guards all state.
 */
final class MuxConnection implements MuxSession {
    static final String WHERE = "mux";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    final ReentrantLock lock = new ReentrantLock();
    final Gensio child;
    private final MuxOptions opts;
    private final GensioListener listener;
    private final Condition connChanged = lock.newCondition();
    private final MuxSender sender;
    /** Channel reads and writes under the peer's and our windows. */
    final MuxChannelFlow flow;

    // guarded by lock
    private final MuxChannelTable channels;
    private final ArrayDeque<MuxChannel> backlog = new ArrayDeque<>();
    private boolean peerInit;
    private MuxChannel first;
    private MuxChannel pendingOpen;
    private IOException failure;
    private boolean shutdown;
    private boolean stopping;
    private boolean senderDone;
    private Predicate<String> filter = s -> true;
    private long bytesIn, msgsIn, opened, refused;

    private final Semaphore openPermit = new Semaphore(1, true);
    private Thread reader;
    private Thread senderThread;

    MuxConnection(Gensio child, MuxOptions opts, GensioListener listener, long budget) {
        this.child = child;
        this.opts = opts;
        this.listener = listener;
        this.channels = new MuxChannelTable(opts.maxChannels(), opts.readbuf(), budget);
        this.sender = new MuxSender(this, child, lock);
        this.flow = new MuxChannelFlow(this, sender, opts.writebuf());
    }

    /** Sends INIT, starts the loops, runs the role's start-up; returns the first channel. */
    MuxChannel start() throws IOException {
        lock.lock();
        try {
            queueControl(MuxCodec.encode(new MuxMessage.Init(MuxCodec.VERSION)));
        } finally {
            lock.unlock();
        }
        senderThread = sender.start();
        reader = Thread.ofVirtual().name("mux-reader").start(this::readerLoop);
        if (opts.role() == Role.CLIENT) {
            lock.lock();
            try {
                while (!peerInit) {
                    checkAlive();
                    awaitUninterruptibly(connChanged);
                }
            } finally {
                lock.unlock();
            }
            return open(opts.service() == null ? new byte[0] : opts.service(), true);
        }
        lock.lock();
        try {
            while (first == null) {
                checkAlive();
                awaitUninterruptibly(connChanged);
            }
            return first;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- session API

    @Override
    public MuxChannel openChannel(byte[] service) throws IOException {
        lock.lock();
        try {
            checkAlive();
            if (first == null || shutdown) {
                throw new GensioException(WHERE, "connection is not open");
            }
        } finally {
            lock.unlock();
        }
        return open(service, false);
    }

    private MuxChannel open(byte[] service, boolean isFirst) throws IOException {
        if (service.length > MuxCodec.MAX_PAYLOAD) {
            throw new GensioException(WHERE, "service longer than 65535 bytes");
        }
        try {
            openPermit.acquire(); // one NEW_CHANNEL outstanding per direction (gensio's rule)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to open a mux channel");
        }
        lock.lock();
        try {
            checkAlive();
            if (shutdown) {
                throw new GensioException(WHERE, "connection is closing");
            }
            int id = channels.allocateId();
            int window = channels.fitWindow();
            if (id < 0 || window < 0) {
                throw new GensioException(WHERE, id < 0 ? "too many channels (" + channels.live() + ")"
                        : "receive memory budget of " + channels.budget() + " bytes used up");
            }
            MuxChannel ch = new MuxChannel(this, id, service.clone(), isFirst, true, window);
            ch.opening = true;
            ch.inFlight = service.length; // gensio counts the service as in flight (and acks it, except on the first)
            channels.register(ch);
            pendingOpen = ch;
            queueControl(MuxCodec.encode(new MuxMessage.NewChannel(id, window, service)));
            while (ch.opening) {
                checkAlive();
                awaitUninterruptibly(ch.changed);
            }
            if (ch.refusedCode >= 0) {
                refused++;
                throw new MuxRefusedException(new String(service, StandardCharsets.UTF_8), ch.refusedCode);
            }
            return ch;
        } finally {
            lock.unlock();
            openPermit.release();
        }
    }

    @Override
    public MuxChannel acceptChannel() throws IOException {
        return nextAccepted(null);
    }

    @Override
    public MuxChannel acceptChannel(Duration timeout) throws IOException {
        return nextAccepted(timeout);
    }

    /** The next channel the peer opened; null after {@code timeout}; no timeout: waits uninterruptibly. */
    private MuxChannel nextAccepted(Duration timeout) throws IOException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (backlog.isEmpty()) {
                checkAlive();
                if (shutdown) {
                    throw new GensioException(WHERE, "connection closed");
                }
                if (timeout == null) {
                    awaitUninterruptibly(connChanged);
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    connChanged.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
            return backlog.poll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setIncomingFilter(Predicate<String> acceptService) {
        lock.lock();
        try {
            filter = acceptService == null ? s -> true : acceptService;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Role role() {
        return opts.role();
    }

    @Override
    public int channelCount() {
        lock.lock();
        try {
            return channels.live();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isOpen() {
        lock.lock();
        try {
            return failure == null && !shutdown;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort() {
        fail(new GensioException(WHERE, "connection aborted"), false);
    }

    // ---------------------------------------------------------------- channel I/O (reads, writes: MuxChannelFlow)

    boolean isChannelClosed(MuxChannel ch) {
        lock.lock();
        try {
            return ch.userClosed || failure != null || ch.freed;
        } finally {
            lock.unlock();
        }
    }

    void closeChannel(MuxChannel ch, boolean abort) throws IOException {
        boolean lastGone;
        lock.lock();
        try {
            if (!ch.userClosed) {
                ch.userClosed = true;
                ch.rx.clear();
                backlog.remove(ch);
                if (abort && channels.allUserClosed()) {
                    // the last one: drop the connection, no CLOSE (see below)
                } else if (ch.opening) {
                    ch.closeRequested = true;
                } else if (!ch.closeQueued && !ch.freed) {
                    queueClose(ch, ch.remoteClosed ? ch.remoteCode : 0);
                }
                ch.changed.signalAll();
            }
            // Only the last channel waits for the peer's CLOSE: the connection must not be closed under
            // a gensio peer whose channel is still open (it would report an error, not an end).
            if (!abort && channels.allUserClosed()) {
                long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
                while (!ch.freed && failure == null && !shutdown) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break; // the peer never answered: keep its id reserved, stop waiting
                    }
                    try {
                        ch.changed.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            lastGone = channels.allUserClosed();
            if (lastGone && !shutdown && failure == null) {
                if (abort) {
                    lock.unlock();
                    try {
                        fail(new GensioException(WHERE, "aborted"), false);
                    } finally {
                        lock.lock();
                    }
                    return;
                }
                beginShutdown();
            }
            if (lastGone && !abort) {
                long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
                while (!senderDone && failure == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        connChanged.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- receiving

    private void readerLoop() {
        byte[] in = new byte[2 * MuxCodec.MAX_FRAME];
        int start = 0;
        int end = 0;
        try {
            while (true) {
                MuxCodec.Decoded d;
                while ((d = MuxCodec.decode(in, start, end - start)) != null) {
                    handle(d.message(), d.length());
                    start += d.length();
                }
                if (start == end) {
                    start = end = 0;
                } else if (in.length - end < MuxCodec.MAX_FRAME) {
                    System.arraycopy(in, start, in, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = child.read(in, end, in.length - end);
                if (n < 0) {
                    lock.lock();
                    try {
                        if (shutdown && channels.live() == 0 || failure != null) {
                            return;
                        }
                    } finally {
                        lock.unlock();
                    }
                    fail(new GensioException(WHERE, end > start ? "connection closed by peer in the middle of a message"
                            : "connection closed by peer"), false);
                    return;
                }
                end += n;
            }
        } catch (ProtocolException e) {
            fail(e, true);
        } catch (IOException e) {
            fail(lost(e), false);
        } catch (RuntimeException e) {
            fail(new GensioException(WHERE, "internal error: " + e, e), false);
        }
    }

    /** A failure of the layer below, named as the mux's: what the channels' users see. */
    static IOException lost(IOException e) {
        return e instanceof GensioException ? e : new GensioException(WHERE, "connection lost: " + e.getMessage(), e);
    }

    private void handle(MuxMessage m, int size) throws ProtocolException {
        lock.lock();
        try {
            if (failure != null) {
                return;
            }
            msgsIn++;
            bytesIn += size;
            if (!peerInit) {
                if (!(m instanceof MuxMessage.Init)) {
                    throw protocol("message before INIT");
                }
                peerInit = true; // the version byte is not checked: gensio sends 1 and never looks
                connChanged.signalAll();
                return;
            }
            switch (m) {
                case MuxMessage.Init i -> throw protocol("second INIT");
                case MuxMessage.NewChannel nc -> onNewChannel(nc);
                case MuxMessage.NewChannelRsp r -> onResponse(r);
                case MuxMessage.Close c -> onClose(c);
                case MuxMessage.Data d -> onData(d);
            }
        } finally {
            lock.unlock();
        }
    }

    private void onNewChannel(MuxMessage.NewChannel nc) throws ProtocolException {
        boolean firstOne = first == null;
        if (firstOne && opts.role() == Role.CLIENT) {
            throw protocol("peer opened a channel before the first channel was up");
        }
        if (nc.window() <= 128) {
            throw protocol("channel window " + nc.window() + " too small");
        }
        if (channels.hasPeerId(nc.senderId())) {
            throw protocol("peer reused live channel id " + nc.senderId());
        }
        String svc = new String(nc.service(), StandardCharsets.UTF_8);
        int error = MuxErrors.NONE;
        int id = -1;
        int window = -1;
        if (shutdown) {
            error = MuxErrors.LOCALCLOSED;
        } else if ((id = channels.allocateId()) < 0) {
            error = MuxErrors.INUSE;
        } else if ((window = channels.fitWindow()) < 0) {
            error = MuxErrors.NOMEM;
        } else if (!firstOne && backlog.size() >= ACCEPT_BACKLOG) {
            error = MuxErrors.INUSE;
        } else if (!firstOne && !filter.test(svc)) {
            error = MuxErrors.NOTSUP;
        }
        if (error != MuxErrors.NONE) {
            refused++;
            // a refusal still carries a valid window: gensio checks the window before the error
            queueControl(MuxCodec.encode(new MuxMessage.NewChannelRsp(nc.senderId(), opts.readbuf(), 0, error)));
            event("channel-refused", Map.of("error", error, "service-length", nc.service().length));
            return;
        }
        MuxChannel ch = new MuxChannel(this, id, nc.service(), firstOne, false, window);
        ch.peerId = nc.senderId();
        ch.peerWindow = nc.window();
        channels.register(ch);
        channels.registerPeerId(ch);
        queueControl(MuxCodec.encode(new MuxMessage.NewChannelRsp(nc.senderId(), window, id, MuxErrors.NONE)));
        if (!firstOne && nc.service().length > 0) {
            // gensio counts the service as in flight and expects it back, except on the first channel
            ch.unacked = nc.service().length;
            ch.pendingAck = nc.service().length;
            sender.queueAck(ch);
        }
        opened++;
        event("channel-open", Map.of("id", id, "peer-id", ch.peerId, "by", "peer",
                "service-length", nc.service().length));
        if (firstOne) {
            first = ch;
        } else {
            backlog.add(ch);
        }
        connChanged.signalAll();
    }

    private void onResponse(MuxMessage.NewChannelRsp r) throws ProtocolException {
        MuxChannel ch = channels.get(r.requesterId());
        if (ch == null || ch != pendingOpen || !ch.opening) {
            throw protocol("open response for channel " + r.requesterId() + " that is not opening");
        }
        if (r.window() <= 128) {
            throw protocol("channel window " + r.window() + " too small");
        }
        pendingOpen = null;
        ch.opening = false;
        if (r.error() != MuxErrors.NONE) {
            ch.refusedCode = r.error();
            free(ch);
            event("channel-refused-by-peer", Map.of("id", ch.localId, "error", r.error()));
        } else {
            if (channels.hasPeerId(r.responderId())) {
                throw protocol("peer reused live channel id " + r.responderId());
            }
            ch.peerId = r.responderId();
            ch.peerWindow = r.window();
            channels.registerPeerId(ch);
            if (ch.first) {
                first = ch; // now, not when the opener wakes: the server may open its own channel at once
            }
            opened++;
            event("channel-open", Map.of("id", ch.localId, "peer-id", ch.peerId, "by", "us",
                    "service-length", ch.service.length));
            if (ch.closeRequested) {
                queueClose(ch, 0);
            }
        }
        ch.changed.signalAll();
    }

    private void onClose(MuxMessage.Close c) throws ProtocolException {
        MuxChannel ch = channels.get(c.channel());
        if (ch == null || ch.opening || ch.remoteClosed) {
            throw protocol("CLOSE for channel " + c.channel() + " that is not open");
        }
        ch.remoteClosed = true;
        ch.remoteCode = c.code();
        event("channel-close", Map.of("id", ch.localId, "by", "peer", "code", c.code()));
        if (ch.closeQueued) {
            free(ch); // both sides closed: done, no reply
        } else if (ch.rx.isEmpty()) {
            echoClose(ch);
        }
        ch.changed.signalAll();
    }

    private void onData(MuxMessage.Data d) throws ProtocolException {
        MuxChannel ch = channels.get(d.channel());
        if (ch == null || ch.opening || ch.remoteClosed) {
            throw protocol("DATA for channel " + d.channel() + " that is not open");
        }
        if (d.ack() > ch.inFlight) {
            throw protocol("ack of " + d.ack() + " exceeds the " + ch.inFlight + " bytes in flight");
        }
        if (d.ack() > 0) {
            ch.inFlight -= d.ack();
            ch.changed.signalAll();
        }
        int n = d.data().length;
        if (n == 0) {
            return; // ack only; its flags mean nothing
        }
        if (n + 3 > ch.window - ch.unacked) {
            throw protocol("peer overran the window of channel " + ch.localId);
        }
        ch.unacked += n + 3;
        if (ch.userClosed || ch.closeQueued) {
            return; // we are closing: accepted, nobody will read it
        }
        ch.rx.append(d.data(), 0, n, d.oob(), d.eom());
        ch.changed.signalAll();
    }

    // ---------------------------------------------------------------- sending (the writing itself: MuxSender)

    private void queueControl(byte[] frame) {
        sender.queueControl(frame);
    }

    private void queueClose(MuxChannel ch, int code) {
        ch.closeQueued = true;
        queueControl(MuxCodec.encode(new MuxMessage.Close(ch.peerId, code)));
        if (ch.remoteClosed) {
            free(ch);
        }
        event("channel-close", Map.of("id", ch.localId, "by", "us", "code", code));
    }

    /** After the peer's CLOSE, once everything received was read: answer with our CLOSE (lock held). */
    void echoClose(MuxChannel ch) {
        if (!ch.closeQueued && !ch.freed) {
            queueClose(ch, ch.remoteCode);
        }
    }

    private void beginShutdown() {
        shutdown = true;
        sender.queueShutdown();
        connChanged.signalAll();
    }

    // ---------------------------------------------------------------- channel table (ids, budget: MuxChannelTable)

    private void free(MuxChannel ch) {
        if (ch.freed) {
            return;
        }
        ch.freed = true;
        channels.remove(ch);
        ch.changed.signalAll();
        if (channels.live() == 0 && first != null && !shutdown && failure == null && allUserClosedOrFreed()) {
            beginShutdown(); // no channel left: close the layer below, as gensio does
        }
    }

    private boolean allUserClosedOrFreed() {
        return backlog.isEmpty() && channels.allUserClosed();
    }

    // ---------------------------------------------------------------- failure

    private ProtocolException protocol(String problem) {
        return new ProtocolException(WHERE, "protocol error: " + problem);
    }


    void fail(IOException e, boolean protocolError) {
        lock.lock();
        try {
            failLocked(e, protocolError);
        } finally {
            lock.unlock();
        }
    }

    /** Fails the connection (lock held): every channel's next call throws {@code e}. */
    void failLocked(IOException e, boolean protocolError) {
        if (failure != null || stopping) {
            return;
        }
        failure = e;
        if (protocolError) {
            event("protocol-error", Map.of("message", e.getMessage()));
        }
        channels.signalAll();
        connChanged.signalAll();
        sender.wake();
        child.abort();
        Thread.ofVirtual().start(() -> report(e));
    }

    /** For the sender (lock held): the connection failed. */
    boolean failed() {
        return failure != null;
    }

    /** Lock held: throws what failed the connection, if it failed. */
    void checkAlive() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    /** For the sender (lock held): the connection is closing; new frames go through the queue. */
    boolean shuttingDown() {
        return shutdown;
    }

    /** Fails the connection with {@code e} (lock held); returns what the channels now see. */
    IOException failedWith(IOException e) {
        failLocked(e, false);
        return failure != null ? failure : e;
    }

    /** On the sender's thread, after everything queued before SHUTDOWN went out: close the child. */
    void closeChildAfterShutdown() throws IOException {
        lock.lock();
        try {
            stopping = true; // from here a failing read is our own close, not an error
        } finally {
            lock.unlock();
        }
        child.close();
        lock.lock();
        try {
            senderDone = true;
            connChanged.signalAll();
        } finally {
            lock.unlock();
        }
        report(null);
    }

    private void report(Throwable cause) {
        Map<String, Long> stats;
        lock.lock();
        try {
            stats = Map.of("bytes-in", bytesIn, "bytes-out", sender.bytesOut(), "messages-in", msgsIn,
                    "messages-out", sender.messagesOut(), "channels-opened", opened, "channels-refused", refused);
        } finally {
            lock.unlock();
        }
        try {
            listener.stats(WHERE, stats);
            if (first != null) {
                listener.closed(first, cause);
            }
        } catch (RuntimeException ignored) {
            // a listener must not throw; it must not break the mux either
        }
    }

    private void event(String name, Map<String, Object> data) {
        try {
            listener.event(WHERE, name, data);
        } catch (RuntimeException ignored) {
            // see report()
        }
    }

    private static void awaitUninterruptibly(Condition c) {
        c.awaitUninterruptibly();
    }

    /** For tests: the sum of windows promised to live channels. */
    long committedWindow() {
        lock.lock();
        try {
            return channels.committed();
        } finally {
            lock.unlock();
        }
    }
}
