package org.jgtlssh.gensio.msgdelim;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.FilterGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.ReadMeta;

/**
 * The msgdelim filter: a packet gensio over a byte stream. Each write is one frame, each read returns
 * one checked message. Not reliable: a damaged message simply disappears (and is counted); relpkt on
 * top supplies reliability.
 *
 * <p>Reads run on the caller's thread (one reader at a time); writes are serialised by a lock so a
 * frame is never interleaved with another.
 */
public final class MsgdelimGensio extends FilterGensio {
    private final MsgdelimOptions opts;
    private final GensioListener listener;
    private final MsgdelimDecoder decoder;
    private final byte[] in;
    private int inPos;
    private int inLen;
    private boolean eof;

    private final ReentrantLock writeLock = new ReentrantLock();
    private byte[] out;
    /** writebuf, raised by {@link #RAISE_FRAME_LIMIT} when the user left it at its default. */
    private volatile int writebuf;

    /**
     * Raises readbuf and writebuf, where the user left them at gensio's defaults, to the value set
     * (capped at {@link #MAX_RAISED}; never lowers them). relpkt sets it before its handshake so both of
     * our ends can use larger frames; it then reads the result from {@link #maxReadSize()} and
     * {@link Controls#MAX_WRITE_PACKET}. A gensio peer never sees a larger frame: relpkt only sends
     * them to a peer that advertised it accepts them.
     */
    public static final Control<Integer> RAISE_FRAME_LIMIT = Control.of("msgdelim-raise-frame-limit", Integer.class);
    /** The largest raised bound: a frame is held whole, so memory stays small. */
    public static final int MAX_RAISED = 1024;
    private boolean sentFirst;
    private long framesSent;
    private long lastReportedDamage;

    public MsgdelimGensio(Gensio child, MsgdelimOptions opts, GensioListener listener) {
        super("msgdelim", child);
        this.opts = opts;
        this.listener = listener == null ? GensioListener.NONE : listener;
        this.decoder = new MsgdelimDecoder(opts.readbuf(), opts.crc());
        this.in = new byte[Math.max(256, Math.min(4096, 2 * opts.readbuf() + 8))];
        this.writebuf = opts.writebuf();
        this.out = new byte[MsgdelimCodec.maxEncodedSize(opts.writebuf())];
    }

    @Override
    public boolean isReliable() {
        return false;
    }

    @Override
    public boolean isPacket() {
        return true;
    }

    /** The largest message a read can return (readbuf, or readbuf+2 with crc=off as in gensio). */
    @Override
    public int maxReadSize() {
        return decoder.capacity() - (opts.crc() ? 2 : 0);
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        while (true) {
            if (inPos == inLen) {
                if (eof) {
                    return -1;
                }
                int n = child.read(in, 0, in.length, null);
                if (n < 0) {
                    eof = true;
                    reportDamage();
                    return -1;
                }
                inPos = 0;
                inLen = n;
                continue;
            }
            while (inPos < inLen) {
                if (decoder.feed(in[inPos++])) {
                    reportDamage();
                    int m = decoder.messageLength();
                    if (m > len) {
                        throw new GensioException("msgdelim",
                                "message of " + m + " bytes does not fit the read buffer of " + len);
                    }
                    System.arraycopy(decoder.buffer(), 0, buf, off, m);
                    if (meta != null) {
                        meta.set(false, true);
                    }
                    return m;
                }
            }
            reportDamage();
        }
    }

    private void reportDamage() {
        long damaged = decoder.damagedFrames();
        if (damaged != lastReportedDamage) {
            lastReportedDamage = damaged;
            listener.event("msgdelim", "damaged-frame", Map.of("total", damaged));
            listener.stats("msgdelim", counters());
        }
    }

    /** The receiver's and sender's counters, as reported to the listener. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("frames-received", decoder.framesOk());
        m.put("frames-sent", framesSent);
        m.put("crc-errors", decoder.crcErrors());
        m.put("short-frames", decoder.shortFrames());
        m.put("overflows", decoder.overflows());
        m.put("aborts", decoder.aborts());
        m.put("discarded-bytes", decoder.discardedBytes());
        return m;
    }

    /**
     * Sends one message. An empty write sends nothing (gensio cannot send empty messages). A write larger
     * than {@code writebuf} fails with an error for that write only; the link stays up.
     */
    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (len == 0) {
            return;
        }
        if (len > writebuf) {
            throw new GensioException("msgdelim", "message of " + len + " bytes is larger than writebuf="
                    + writebuf + "; nothing was sent");
        }
        writeLock.lock();
        try {
            if (isClosed()) {
                throw new GensioException("msgdelim", "closed");
            }
            // Every open of ours starts with FE 01 so a fresh receiver accepts our first frame.
            int n = MsgdelimCodec.encode(buf, off, len, opts.crc(), !sentFirst, out, 0);
            sentFirst = true;
            child.write(out, 0, n, 0);
            framesSent++;
        } finally {
            writeLock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> Optional<T> get(Control<T> control) {
        if (control.equals(Controls.MAX_WRITE_PACKET)) {
            return Optional.of((T) Integer.valueOf(writebuf));
        }
        return super.get(control);
    }

    /** Handles {@link #RAISE_FRAME_LIMIT}; other controls go to the child. Call before the first read. */
    @Override
    public <T> boolean set(Control<T> control, T value) throws IOException {
        if (control.equals(RAISE_FRAME_LIMIT)) {
            if (opts.sizesGiven()) {
                return false; // the user chose the sizes
            }
            int n = Math.min((Integer) value, MAX_RAISED);
            decoder.raise(n);
            writeLock.lock();
            try {
                if (n > writebuf) {
                    out = new byte[MsgdelimCodec.maxEncodedSize(n)];
                    writebuf = n;
                }
            } finally {
                writeLock.unlock();
            }
            return true;
        }
        return super.set(control, value);
    }

    @Override
    protected void closeLayer() {
        listener.stats("msgdelim", counters());
        listener.closed(this, null);
    }

    @Override
    public String toString() {
        return "msgdelim(writebuf=" + writebuf + ",readbuf=" + (decoder.capacity() - 2) + ",crc=" + opts.crc() + ")";
    }
}
