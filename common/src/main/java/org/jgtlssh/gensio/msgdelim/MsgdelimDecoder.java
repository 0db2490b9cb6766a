package org.jgtlssh.gensio.msgdelim;

/**
 * The msgdelim receiver: bytes in, whole checked messages out, one byte at a time. Bounded: it never
 * holds more than {@code readbuf + 2} bytes, whatever the input.
 *
 * <p>It reads valid gensio traffic exactly as gensio does, but unlike gensio 2.6.2 it never goes deaf:
 * the buffer is emptied at every separator whether the frame was accepted or not, and whenever a frame
 * is abandoned (an {@code FE xx} abort or an overflow), so the next good frame is always delivered.
 * Damaged frames are dropped and counted.
 *
 * <pre>
 *   state: inFrame (false until the first FE 01), escape, buf[0..len)
 *   FE 01  -> (inFrame ? check and deliver : nothing); len = 0; inFrame = true
 *   FE 00  -> data byte FE
 *   FE xx  -> abort: len = 0; inFrame = false (skip to the next FE 01)
 *   data   -> inFrame ? (len < limit ? append : overflow, drop the frame) : discard
 * </pre>
 */
public final class MsgdelimDecoder {
    private final boolean crc;
    private int limit;
    private byte[] buf;
    private int len;
    private boolean inFrame;
    private boolean escape;
    private int messageLength = -1;

    private long framesOk;
    private long crcErrors;
    private long shortFrames;
    private long overflows;
    private long aborts;
    private long discardedBytes;

    /**
     * @param readbuf the largest payload accepted (gensio's {@code readbuf}); the frame limit is
     *     {@code readbuf + 2} so the CRC fits (also with crc=off, as in gensio)
     */
    public MsgdelimDecoder(int readbuf, boolean crc) {
        if (readbuf < 1 || readbuf > 1 << 20) {
            throw new IllegalArgumentException("readbuf " + readbuf + " out of range 1..1048576");
        }
        this.crc = crc;
        this.limit = readbuf + 2; // gensio keeps the +2 with crc=off too, so we accept what it accepts
        this.buf = new byte[limit];
    }

    /**
     * Raises the payload bound to {@code readbuf} (never lowers it). Call it before feeding bytes from
     * another thread than the reader's; a partly received frame is kept.
     */
    public void raise(int readbuf) {
        if (readbuf > 1 << 20) {
            throw new IllegalArgumentException("readbuf " + readbuf + " out of range 1..1048576");
        }
        if (readbuf + 2 > limit) {
            limit = readbuf + 2;
            buf = java.util.Arrays.copyOf(buf, limit);
        }
    }

    /**
     * Feeds one byte. Returns true when it completed a valid message; its payload is then
     * {@link #buffer()}{@code [0..}{@link #messageLength()}{@code )} until the next call.
     */
    public boolean feed(byte b) {
        int v = b & 0xFF;
        if (messageLength >= 0) {
            messageLength = -1;
            len = 0;
        }
        if (escape) {
            escape = false;
            if (v == MsgdelimCodec.SEPARATOR) {
                return separator();
            }
            if (v != MsgdelimCodec.LITERAL) {
                if (inFrame && len > 0) {
                    aborts++;
                }
                discardedBytes += len;
                len = 0;
                inFrame = false;
                return false;
            }
            b = (byte) MsgdelimCodec.ESC; // FE 00: a literal FE, handled as data below
        } else if (v == MsgdelimCodec.ESC) {
            escape = true;
            return false;
        }
        if (!inFrame) {
            discardedBytes++;
            return false;
        }
        if (len >= limit) {
            overflows++;
            discardedBytes += len + 1;
            len = 0;
            inFrame = false; // drop the rest of this frame up to the next separator
            return false;
        }
        buf[len++] = b;
        return false;
    }

    private boolean separator() {
        boolean was = inFrame;
        inFrame = true;
        if (!was || len == 0) {
            len = 0; // empty frame (or the first separator): nothing to deliver, nothing wrong
            return false;
        }
        if (crc) {
            if (len <= 2) {
                shortFrames++;
                discardedBytes += len;
                len = 0;
                return false;
            }
            if (MsgdelimCodec.crc16(buf, 0, len) != 0) {
                crcErrors++;
                discardedBytes += len;
                len = 0;
                return false;
            }
            messageLength = len - 2;
        } else {
            messageLength = len;
        }
        framesOk++;
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    public int messageLength() {
        return messageLength;
    }

    public long framesOk() {
        return framesOk;
    }

    public long crcErrors() {
        return crcErrors;
    }

    public long shortFrames() {
        return shortFrames;
    }

    public long overflows() {
        return overflows;
    }

    public long aborts() {
        return aborts;
    }

    public long discardedBytes() {
        return discardedBytes;
    }

    /** Damaged frames of every kind: bad CRC, too short, overlong, aborted. */
    public long damagedFrames() {
        return crcErrors + shortFrames + overflows + aborts;
    }

    /** The bound on what this decoder holds, whatever the input. */
    public int capacity() {
        return buf.length;
    }
}
