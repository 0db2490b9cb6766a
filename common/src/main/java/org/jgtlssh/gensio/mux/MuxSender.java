package org.jgtlssh.gensio.mux;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.ProtocolException;

/**
 * The only writer to the mux's child gensio: one queue of frames, written in queue order.
 *
 * <pre>
 *  reader loop ──► control frames (INIT, RSPs, CLOSEs), acks ─┐
 *  channel writers ──► data frames (at most 2 per channel) ───┼─► queue ──► sender loop ──► child
 *  close of the last channel ──► SHUTDOWN ────────────────────┘      (batches up to one MAX_FRAME,
 *                                                                      acks filled in at send time)
 * </pre>
 *
 * Why a separate class: the wire-order rules (an RSP before the channel's data, data before its CLOSE,
 * nothing after our CLOSE) and the batching are one concern, apart from the connection's state machine.
 * Why one writer: a queue keeps the order, and a channel writer never blocks in the child's write while
 * holding credit another channel needs. To save a hand-off per message, a writer may write its frame
 * itself ({@link #tryDirect}) when the queue is empty and nothing else is on the wire: the order is then
 * the same as if it had been queued.
 *
 * <p>All state is guarded by the connection's lock; the methods other than the loop are called with it
 * held. The ack field of a frame is filled in when the frame goes out, so it carries every byte the
 * application has read by then (fewer, larger acks).
 */
final class MuxSender {
    /** Control frames (RSPs, CLOSEs) queued and not sent: a peer flooding opens hits this. */
    private static final int CONTROL_LIMIT = 4096;
    private static final Object SHUTDOWN = new Object();

    private record AckItem(MuxChannel ch) {}

    private record DataFrame(MuxChannel ch, byte[] frame) {}

    private final MuxConnection conn;
    private final Gensio child;
    private final ReentrantLock lock;
    private final Condition ready;

    // guarded by lock
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int controlQueued;
    private boolean wireBusy; // a batch or a direct frame is being written to the child
    private long bytesOut;
    private long msgsOut;

    MuxSender(MuxConnection conn, Gensio child, ReentrantLock lock) {
        this.conn = conn;
        this.child = child;
        this.lock = lock;
        this.ready = lock.newCondition();
    }

    Thread start() {
        return Thread.ofVirtual().name("mux-sender").start(this::loop);
    }

    /** A control frame; fails the connection when the peer makes us queue too many without reading. */
    void queueControl(byte[] frame) {
        if (++controlQueued > CONTROL_LIMIT) {
            conn.failLocked(new ProtocolException(MuxConnection.WHERE,
                    "peer sends requests faster than it reads the answers"), true);
            return;
        }
        queue.add(frame);
        ready.signal();
    }

    /** An ack-only frame for {@code ch}, computed when it is sent (at most one queued per channel). */
    void queueAck(MuxChannel ch) {
        ch.ackQueued = true;
        queue.add(new AckItem(ch));
        ready.signal();
    }

    /** A data frame of {@code ch}; counts against the channel's frames on the wire. */
    void queueData(MuxChannel ch, byte[] frame) {
        ch.queuedFrames++;
        queue.add(new DataFrame(ch, frame));
        ready.signal();
    }

    /** After everything queued so far: flush and close the child (then the connection is done). */
    void queueShutdown() {
        queue.add(SHUTDOWN);
        ready.signal();
    }

    /** The connection failed: the loop must see it. */
    void wake() {
        ready.signalAll();
    }

    long bytesOut() {
        return bytesOut;
    }

    long messagesOut() {
        return msgsOut;
    }

    private void loop() {
        byte[] scratch = new byte[2 * MuxCodec.MAX_FRAME];
        List<byte[]> batch = new ArrayList<>();
        try {
            while (true) {
                boolean stop = false;
                batch.clear();
                lock.lock();
                try {
                    while ((queue.isEmpty() || wireBusy) && !conn.failed()) {
                        ready.awaitUninterruptibly();
                    }
                    if (conn.failed()) {
                        return;
                    }
                    wireBusy = true;
                    int bytes = 0;
                    while (!queue.isEmpty() && bytes < MuxCodec.MAX_FRAME) {
                        Object item = queue.poll();
                        if (item == SHUTDOWN) {
                            stop = true;
                            break;
                        }
                        byte[] f = frameFor(item);
                        if (f != null) {
                            batch.add(f);
                            bytes += f.length;
                        }
                    }
                } finally {
                    lock.unlock();
                }
                writeBatch(batch, scratch);
                if (stop) {
                    conn.closeChildAfterShutdown();
                    return;
                }
            }
        } catch (IOException e) {
            conn.fail(MuxConnection.lost(e), false);
        } catch (RuntimeException e) {
            conn.fail(new GensioException(MuxConnection.WHERE, "internal error: " + e, e), false);
        }
    }

    /** Turns a queued item into wire bytes at send time (acks are computed now); null to skip it. */
    private byte[] frameFor(Object item) {
        if (item instanceof byte[] b) {
            controlQueued--;
            return b;
        }
        if (item instanceof DataFrame(MuxChannel ch, byte[] frame)) {
            ch.queuedFrames--;
            ch.changed.signalAll();
            if (ch.remoteClosed) {
                return null; // the peer closed: unsent data is dropped
            }
            MuxCodec.put32(frame, 4, ch.takeAck());
            return frame;
        }
        if (item instanceof AckItem(MuxChannel ch)) {
            ch.ackQueued = false;
            if (ch.closeQueued || ch.freed) {
                return null; // after our CLOSE nothing more goes out, not even acks
            }
            long ack = ch.takeAck();
            if (ack == 0) {
                return null;
            }
            byte[] f = new byte[MuxCodec.DATA_OVERHEAD];
            MuxCodec.encodeDataHeader(f, 0, ch.peerId, false, false, ack, 0);
            return f;
        }
        return null;
    }

    private void writeBatch(List<byte[]> batch, byte[] scratch) throws IOException {
        int used = 0;
        for (byte[] f : batch) {
            if (used + f.length > scratch.length) {
                child.write(scratch, 0, used);
                used = 0;
            }
            if (f.length > MuxCodec.MAX_FRAME / 2 && used == 0) {
                child.write(f, 0, f.length); // a big frame goes out as it is, no copy
            } else {
                System.arraycopy(f, 0, scratch, used, f.length);
                used += f.length;
            }
        }
        if (used > 0) {
            child.write(scratch, 0, used);
        }
        if (!batch.isEmpty()) {
            child.flush();
        }
        lock.lock();
        try {
            wireBusy = false;
            msgsOut += batch.size();
            for (byte[] f : batch) {
                bytesOut += f.length;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes one frame on the caller's thread when nothing is queued and nothing is being written, so
     * the wire order is the same as if it had been queued; saves a hand-off to the sender per message.
     * The lock is held on entry and on return (released during the write). False: the caller queues it.
     *
     * @param ackOf the channel whose pending ack goes into the frame's ack field
     */
    boolean tryDirect(byte[] frame, MuxChannel ackOf) throws IOException {
        if (wireBusy || !queue.isEmpty() || conn.failed() || conn.shuttingDown()) {
            return false;
        }
        wireBusy = true;
        MuxCodec.put32(frame, 4, ackOf.takeAck());
        IOException err = null;
        lock.unlock();
        try {
            child.write(frame, 0, frame.length);
            child.flush();
        } catch (IOException e) {
            err = e;
        } finally {
            lock.lock();
            wireBusy = false;
            if (!queue.isEmpty()) {
                ready.signal();
            }
        }
        if (err != null) {
            throw conn.failedWith(MuxConnection.lost(err));
        }
        msgsOut++;
        bytesOut += frame.length;
        return true;
    }
}
