package org.jgtlssh.gensio.relpkt;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.FilterGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gensio.msgdelim.MsgdelimGensio;
import org.jgtlssh.gensio.relpkt.RelpktLink.State;

/**
 * The relpkt filter: a reliable byte stream over a packet gensio (normally msgdelim). Large writes are
 * cut into packets, small ones coalesced while packets are in flight; {@link #flush()} sends a partial
 * packet at once (interactive use).
 *
 * <p>Threads: a reader loop takes packets from the child and feeds the {@link RelpktLink}; a sender
 * loop sends what the link produces and runs its timers. Both are virtual threads (the serial terminal
 * below reads on its own platform thread). Application reads and writes run on the caller's thread.
 * All link state is guarded by one lock.
 */
public final class RelpktGensio extends FilterGensio {
    private final RelpktLink link;
    private final LongSupplier clock;
    private final GensioListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int readSize;
    private volatile boolean aborted;
    private Thread reader;
    private Thread sender;

    private RelpktGensio(Gensio child, RelpktOptions opts, boolean client, GensioListener listener,
            LongSupplier clock) {
        super("relpkt", child);
        this.listener = listener == null ? GensioListener.NONE : listener;
        this.link = new RelpktLink(opts, client, this.listener);
        this.clock = clock;
        this.readSize = Math.max(child.maxReadSize(), RelpktCodec.DATA_HEADER + opts.maxPacketSize());
        link.setLineRate(lineRate(child));
    }

    /**
     * Bytes per second of the serial line below (start + data + parity + stop bits per byte), or 0 when
     * there is none (tcp, a pipe): the link paces its DATA to it (see {@link RelpktLink#setLineRate}).
     */
    static long lineRate(Gensio child) {
        return child.get(Controls.SERIAL_SETTINGS).map(s -> {
            int bits = 1 + s.dataBits() + (s.parity() == 'N' ? 0 : 1) + s.stopBits();
            return (long) s.baud() / bits;
        }).orElse(0L);
    }

    /**
     * Opens relpkt over {@code child}: checks the size rule against the layer below, runs the handshake
     * (a client retries its INIT for about 6 s; a server waits as long as it takes) and returns the open
     * link. On failure the child is left open for the caller to close.
     */
    public static RelpktGensio open(Gensio child, RelpktOptions opts, boolean client, GensioListener listener,
            LongSupplier clock) throws IOException {
        checkSizes(child, opts);
        int[] frames = frameCapacity(child, opts);
        RelpktGensio g = new RelpktGensio(child, opts, client, listener, clock);
        if (frames != null) {
            g.link.setFrameCapacity(frames[0], frames[1]);
        }
        g.start();
        try {
            g.awaitOpen();
        } catch (IOException | RuntimeException e) {
            g.stopThreads();
            throw e;
        }
        return g;
    }

    /** A DATA message (payload + 3) must fit one packet of the layer below, both ways (spec 9). */
    static void checkSizes(Gensio child, RelpktOptions opts) throws GensioException {
        int need = opts.maxPacketSize() + RelpktCodec.DATA_HEADER;
        int write = child.get(Controls.MAX_WRITE_PACKET).orElse(Integer.MAX_VALUE);
        if (need > write) {
            throw new GensioException("relpkt", "max_pktsize=" + opts.maxPacketSize() + " needs packets of "
                    + need + " bytes but the layer below sends at most " + write
                    + " (use max_pktsize<=" + (write - RelpktCodec.DATA_HEADER) + " or a larger msgdelim writebuf)");
        }
        if (child.isPacket() && need > child.maxReadSize()) {
            throw new GensioException("relpkt", "max_pktsize=" + opts.maxPacketSize() + " needs packets of "
                    + need + " bytes but the layer below reads at most " + child.maxReadSize()
                    + " (use a larger msgdelim readbuf)");
        }
    }

    /** The largest frame we ask msgdelim for when both ends are ours (msgdelim caps it there too). */
    static final int BIG_FRAME = MsgdelimGensio.MAX_RAISED;

    /**
     * Larger frames between our ends: unless the user set max_pktsize, asks the layer below to raise its
     * default bounds (msgdelim's RAISE_FRAME_LIMIT; a user's readbuf/writebuf stay), then returns what
     * it now receives and sends, at most {@link #BIG_FRAME}, for the INIT extension; null for none (a
     * stream below, or max_pktsize given). The receive bound is raised BEFORE it is advertised.
     */
    static int[] frameCapacity(Gensio child, RelpktOptions opts) throws IOException {
        if (opts.sizeGiven() || !child.isPacket()) {
            return null;
        }
        child.set(MsgdelimGensio.RAISE_FRAME_LIMIT, BIG_FRAME);
        int rx = Math.min(child.maxReadSize(), BIG_FRAME);
        int tx = Math.min(child.get(Controls.MAX_WRITE_PACKET).orElse(rx), BIG_FRAME);
        return new int[] {rx, tx};
    }

    private void start() {
        lock.lock();
        try {
            link.start(clock.getAsLong());
        } finally {
            lock.unlock();
        }
        reader = Thread.ofVirtual().name("relpkt-reader").start(this::readLoop);
        sender = Thread.ofVirtual().name("relpkt-sender").start(this::sendLoop);
    }

    private void awaitOpen() throws IOException {
        lock.lock();
        try {
            while (link.state() == State.WAIT_INIT || link.state() == State.WAIT_INIT_RSP) {
                await();
            }
            if (link.state() != State.OPEN) {
                throw link.failure() != null ? link.failure() : new GensioException("relpkt", "closed during open");
            }
        } finally {
            lock.unlock();
        }
    }

    private void await() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("relpkt: interrupted");
        }
    }

    private void readLoop() {
        byte[] buf = new byte[readSize];
        try {
            while (true) {
                int n = child.read(buf, 0, buf.length, null);
                lock.lock();
                try {
                    if (n < 0) {
                        link.lowerFailed(new IOException("end of stream"));
                        return;
                    }
                    link.onPacket(buf, 0, n, clock.getAsLong());
                    if (isTerminal()) {
                        return;
                    }
                } finally {
                    changed.signalAll();
                    lock.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            lock.lock();
            try {
                link.lowerFailed(e instanceof IOException io ? io : new IOException(e));
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean isTerminal() {
        return aborted || link.state() == State.DONE || link.state() == State.FAILED;
    }

    private void sendLoop() {
        try {
            while (true) {
                byte[] p;
                lock.lock();
                try {
                    while (true) {
                        long now = clock.getAsLong();
                        if (now - link.nextDeadline() >= 0 && link.nextDeadline() != Long.MAX_VALUE) {
                            link.onTimer(now);
                            changed.signalAll();
                        }
                        p = link.pollOutput(now);
                        if (p != null) {
                            break;
                        }
                        changed.signalAll(); // state may have moved (open, close complete, failure)
                        if (isTerminal()) {
                            return;
                        }
                        long deadline = link.nextDeadline();
                        if (deadline == Long.MAX_VALUE) {
                            changed.await();
                        } else {
                            changed.awaitNanos(Math.max(1, deadline - now));
                        }
                    }
                } finally {
                    lock.unlock();
                }
                child.write(p, 0, p.length, 0);
            }
        } catch (IOException | RuntimeException e) {
            lock.lock();
            try {
                link.lowerFailed(e instanceof IOException io ? io : new IOException(e));
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
        }
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (true) {
                if (aborted) {
                    return -1;
                }
                int n = link.read(buf, off, len);
                if (n != 0) {
                    changed.signalAll(); // room freed: the sender may owe the peer an ACK
                    return n;
                }
                await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (WriteFlags.oob(flags)) {
            return; // relpkt carries no out-of-band data; dropped as gensio does for a stream
        }
        lock.lock();
        try {
            int done = 0;
            while (done < len) {
                if (aborted) {
                    throw new GensioException("relpkt", "aborted");
                }
                int n = link.offer(buf, off + done, len - done);
                if (n > 0) {
                    done += n;
                    changed.signalAll();
                } else {
                    await();
                }
            }
            if (WriteFlags.endOfMessage(flags)) {
                link.flush();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends a partially filled packet now instead of waiting for the packets in flight to be ACKed. */
    @Override
    public void flush() {
        lock.lock();
        try {
            link.flush();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isReliable() {
        return true;
    }

    @Override
    public boolean isPacket() {
        return false;
    }

    /** The state machine, for tests and statistics. */
    public RelpktLink.State linkState() {
        lock.lock();
        try {
            return link.state();
        } finally {
            lock.unlock();
        }
    }

    public java.util.Map<String, Long> counters() {
        lock.lock();
        try {
            return link.counters();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Orderly close: waits until everything written is acknowledged, exchanges CLOSE (at most about 6
     * ticks), then closes the child. Throws if written data could not be delivered.
     */
    @Override
    protected void closeLayer() throws IOException {
        IOException failure;
        lock.lock();
        try {
            link.close(clock.getAsLong());
            changed.signalAll();
            while (!isTerminal()) {
                try {
                    changed.await(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            failure = link.failure();
        } finally {
            lock.unlock();
        }
        stopThreads();
        listener.closed(this, failure);
        if (failure != null) {
            throw failure;
        }
    }

    private void stopThreads() {
        aborted = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort() {
        stopThreads();
        super.abort();
    }

    @Override
    public boolean isClosed() {
        return super.isClosed() || isTerminal();
    }

    @Override
    public String toString() {
        return "relpkt(" + linkState() + ")";
    }
}
