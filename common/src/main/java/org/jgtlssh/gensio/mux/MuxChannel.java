package org.jgtlssh.gensio.mux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;

/**
 * One mux channel as a {@link Gensio}: a byte stream with out-of-band data and end-of-message marks.
 *
 * <ul>
 *   <li>{@code read} blocks for data; with a {@link ReadMeta} it returns one message piece at a time
 *       and reports OOB/EOM; without one it skips OOB data (gensio drops OOB for a user that did not
 *       enable it) and may join ordinary pieces. -1 once the peer closed the channel and everything
 *       it sent has been read.
 *   <li>{@code write} blocks until the peer's window has room (per-channel credit: a stalled reader on
 *       one channel never blocks another); {@link org.jgtlssh.gensio.WriteFlags#OOB} marks the data
 *       out-of-band, {@link org.jgtlssh.gensio.WriteFlags#END_OF_MESSAGE} sets EOM on its last piece.
 *   <li>{@code close} sends CLOSE_CHANNEL and waits for the peer's; closing the last channel closes the
 *       connection. {@code abort} drops the channel at once (and the connection, if it was the last).
 *   <li>{@code get(Controls.SERVICE)} is the channel's service; {@code get(MuxSession.CONTROL)} its
 *       session; other controls go to the layer below the mux.
 * </ul>
 */
public final class MuxChannel implements Gensio {
    // All fields below are guarded by conn.lock.
    final MuxConnection conn;
    final int localId;
    final byte[] service;
    final boolean first;
    final boolean locallyOpened;
    final Condition changed;
    final ChannelBuffer rx;
    final ReentrantLock writeLock = new ReentrantLock();

    /** Our receive window (announced) and the peer's. */
    final int window;
    long peerWindow;
    int peerId = -1;

    boolean opening;
    int refusedCode = -1;
    boolean closeRequested; // closed locally while opening
    boolean closeQueued; // our CLOSE is queued: nothing more goes out on this channel
    boolean remoteClosed;
    int remoteCode;
    boolean freed;
    boolean userClosed;

    /** Send side: cost of unacked messages we sent; data frames queued for the wire. */
    long inFlight;
    int queuedFrames;

    /** Receive side: cost the peer considers in flight; consumed cost not yet acked; ack queued. */
    long unacked;
    long pendingAck;
    boolean ackQueued;

    MuxChannel(MuxConnection conn, int localId, byte[] service, boolean first, boolean locallyOpened, int window) {
        this.conn = conn;
        this.localId = localId;
        this.service = service;
        this.first = first;
        this.locallyOpened = locallyOpened;
        this.window = window;
        this.changed = conn.lock.newCondition();
        this.rx = new ChannelBuffer(window);
    }

    /**
     * Moves the consumed-but-unacked cost into an outgoing ack (lock held): what goes into the ack field of
     * the next frame on this channel. Capped at the field's 32 bits; the rest goes in a later frame.
     */
    long takeAck() {
        long ack = Math.min(pendingAck, 0xffffffffL);
        pendingAck -= ack;
        unacked -= ack;
        return ack;
    }

    /** The connection this channel belongs to. */
    public MuxSession session() {
        return conn;
    }

    /** The service string the opener sent (UTF-8, malformed bytes replaced). */
    public String service() {
        return new String(service, StandardCharsets.UTF_8);
    }

    /** The service as sent on the wire. */
    public byte[] serviceBytes() {
        return service.clone();
    }

    /** Our id for this channel (the peer addresses its messages with it). */
    public int id() {
        return localId;
    }

    /** True for the connection's first channel (the one a {@code mux,...} stack returns). */
    public boolean isFirst() {
        return first;
    }

    @Override
    public String type() {
        return "mux";
    }

    @Override
    public Gensio child() {
        return conn.child;
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        return conn.flow.read(this, buf, off, len, meta);
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        conn.flow.write(this, buf, off, len, flags);
    }

    /** mux has no half-close on the wire (gensiot closes the whole channel at end of input). */
    @Override
    public void closeWrite() {
        throw new UnsupportedOperationException("mux channels cannot half-close; close() the channel");
    }

    @Override
    public void close() throws IOException {
        conn.closeChannel(this, false);
    }

    @Override
    public void abort() {
        try {
            conn.closeChannel(this, true);
        } catch (IOException e) {
            // abort never throws; the connection is already gone
        }
    }

    @Override
    public boolean isClosed() {
        return conn.isChannelClosed(this);
    }

    @Override
    public int maxReadSize() {
        return MuxCodec.MAX_PAYLOAD;
    }

    @Override
    public <T> Optional<T> get(Control<T> control) {
        if (control.equals(Controls.SERVICE)) {
            return Optional.of(control.cast(service()));
        }
        if (control.equals(MuxSession.CONTROL)) {
            return Optional.of(control.cast(conn));
        }
        return Gensio.super.get(control);
    }

    @Override
    public String toString() {
        return "mux channel " + localId + (peerId >= 0 ? "/" + peerId : "");
    }
}
