package org.jgtlssh.gensio.mux;

import java.io.IOException;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WriteFlags;

/**
 * A mux channel's reads and writes under gensio's credit-based flow control.
 *
 * <pre>
 *  writer:  waits until  peerWindow - inFlight - 3  has room for a piece  ──► DATA(n)   inFlight += n + 3
 *  peer:    acks what its reader consumed                                 ──► inFlight -= ack
 *  reader:  consumes from the channel's buffer                            ──► pendingAck += n (+3 at a
 *           message's end; dropped OOB counts too)  ──► ack in the next frame, or an ack-only DATA once
 *           a quarter window is pending or everything was read
 * </pre>
 *
 * Why a class of its own: this arithmetic is what must match gensio byte for byte (a cost of 3 per
 * message, at most half the peer's window or our write buffer per message, acks not byte by byte), apart
 * from the connection's state machine; the connection checks every ack against inFlight and every DATA
 * against our window before anything here sees it. Each channel has its own credit, so a stalled reader
 * on one channel never blocks another.
 *
 * <p>All state is the channels' and the connection's, guarded by the connection's lock.
 */
final class MuxChannelFlow {
    /** Frames a channel may have queued for the wire; more waits (bounded memory per writer). */
    private static final int FRAMES_PER_CHANNEL = 2;

    private final MuxConnection conn;
    private final MuxSender sender;
    private final int writebuf;

    MuxChannelFlow(MuxConnection conn, MuxSender sender, int writebuf) {
        this.conn = conn;
        this.sender = sender;
        this.writebuf = writebuf;
    }

    int read(MuxChannel ch, byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
        }
        if (len == 0) {
            return 0;
        }
        conn.lock.lock();
        try {
            while (true) {
                ChannelBuffer rx = ch.rx;
                int total = 0;
                while (!rx.isEmpty() && total < len) {
                    boolean oob = rx.headOob();
                    if (oob && meta == null) {
                        consumed(ch, rx.dropHead() + 3); // dropped OOB is still acked, as gensio does
                        continue;
                    }
                    boolean eom = rx.headEom();
                    int before = rx.messages();
                    int n = rx.take(buf, off + total, len - total);
                    boolean finished = rx.messages() < before;
                    consumed(ch, n + (finished ? 3 : 0));
                    total += n;
                    if (meta != null) {
                        meta.set(oob, eom && finished);
                        break; // one piece per read, so the flags are exact
                    }
                    if (eom && finished) {
                        break;
                    }
                }
                if (total > 0) {
                    afterConsume(ch);
                    return total;
                }
                if (ch.remoteClosed) {
                    conn.echoClose(ch);
                    if (ch.remoteCode != 0) {
                        throw new GensioException(MuxConnection.WHERE, "peer closed the channel with " + MuxErrors.name(ch.remoteCode));
                    }
                    return -1;
                }
                conn.checkAlive();
                if (ch.userClosed || ch.closeQueued) {
                    return -1;
                }
                ch.changed.awaitUninterruptibly();
            }
        } finally {
            conn.lock.unlock();
        }
    }

    private void consumed(MuxChannel ch, int cost) {
        ch.pendingAck += cost;
    }

    /** Acks promptly, but not byte by byte: when a quarter window is free, or everything was read. */
    private void afterConsume(MuxChannel ch) {
        if (ch.pendingAck > 0 && !ch.ackQueued && !ch.closeQueued && !ch.remoteClosed
                && (ch.pendingAck >= ch.window / 4 || ch.rx.isEmpty())) {
            byte[] f = new byte[MuxCodec.DATA_OVERHEAD];
            MuxCodec.encodeDataHeader(f, 0, ch.peerId, false, false, 0, 0);
            boolean sent;
            try {
                sent = sender.tryDirect(f, ch);
            } catch (IOException e) {
                return; // recorded as the connection's failure; this read still returns its data
            }
            if (!sent) {
                sender.queueAck(ch);
            }
        }
    }

    void write(MuxChannel ch, byte[] buf, int off, int len, int flags) throws IOException {
        boolean oob = WriteFlags.oob(flags);
        boolean eom = WriteFlags.endOfMessage(flags);
        ch.writeLock.lock(); // pieces of two concurrent writes never interleave
        try {
            conn.lock.lock();
            try {
                int done = 0;
                while (done < len) {
                    int maxMsg = maxMessage(ch);
                    int want = Math.min(len - done, maxMsg);
                    int room;
                    while (true) {
                        checkWritable(ch);
                        room = (int) Math.min(Integer.MAX_VALUE, ch.peerWindow - ch.inFlight - 3);
                        if (ch.queuedFrames < FRAMES_PER_CHANNEL && room >= Math.min(want, Math.max(1, maxMsg / 4))) {
                            break;
                        }
                        ch.changed.awaitUninterruptibly();
                    }
                    int n = Math.min(want, room);
                    byte[] frame = new byte[MuxCodec.DATA_OVERHEAD + n];
                    MuxCodec.encodeDataHeader(frame, 0, ch.peerId, oob, eom && done + n == len, 0, n);
                    System.arraycopy(buf, off + done, frame, MuxCodec.DATA_OVERHEAD, n);
                    ch.inFlight += n + 3;
                    if (!sender.tryDirect(frame, ch)) {
                        sender.queueData(ch, frame);
                    }
                    done += n;
                }
            } finally {
                conn.lock.unlock();
            }
        } finally {
            ch.writeLock.unlock();
        }
    }

    /** gensio never puts more than half the window, nor more than its write buffer, into one message. */
    private int maxMessage(MuxChannel ch) {
        long m = Math.min(ch.peerWindow / 2 - 3, (long) writebuf - 3);
        return (int) Math.max(1, Math.min(MuxCodec.MAX_PAYLOAD, m));
    }

    private void checkWritable(MuxChannel ch) throws IOException {
        conn.checkAlive();
        if (ch.userClosed || ch.closeQueued) {
            throw new GensioException(MuxConnection.WHERE, "channel is closed");
        }
        if (ch.remoteClosed) {
            throw new GensioException(MuxConnection.WHERE, "peer closed the channel");
        }
    }
}
