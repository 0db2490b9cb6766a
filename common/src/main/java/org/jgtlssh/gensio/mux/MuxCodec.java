package org.jgtlssh.gensio.mux;

import org.jgtlssh.gensio.ProtocolException;

/**
 * Bytes to {@link MuxMessage}s and back: pure, no I/O, bounded (a frame is at most
 * {@link #MAX_FRAME} bytes, so nothing is ever allocated from a peer length beyond 65535).
 *
 * <pre>
 *  byte 0: type (bits 7..4, 1..5) | header length in 4-byte words (bits 3..0, 1..3)
 *  byte 1: flags (DATA: bit0 EOM, bit1 OOB), else 0
 *
 *  INIT             11 00 | ver:u8 | 00                                       4 bytes
 *  NEW_CHANNEL      22 00 | senderId:u16 | window:u32 || len:u16 | service     10 + n
 *  NEW_CHANNEL_RSP  33 00 | requesterId:u16 | window:u32 | responderId:u16 | error:u16   12
 *  CLOSE_CHANNEL    42 00 | channel:u16 | code:u16 | 00 00                    8 bytes
 *  DATA             52 fl | channel:u16 | ack:u32 || len:u16 | data            10 + n
 * </pre>
 *
 * All integers big-endian. A header longer than its type needs (up to 3 words) is accepted and the extra
 * bytes are ignored, as gensio does (its only extension mechanism); a header shorter than its type
 * needs is refused (gensio would read stale bytes).
 */
public final class MuxCodec {
    public static final int INIT = 1;
    public static final int NEW_CHANNEL = 2;
    public static final int NEW_CHANNEL_RSP = 3;
    public static final int CLOSE_CHANNEL = 4;
    public static final int DATA = 5;

    public static final int FLAG_EOM = 1;
    public static final int FLAG_OOB = 2;

    /** The protocol version every implementation sends. */
    public static final int VERSION = 1;

    /** Bytes on the wire before the payload of a DATA message we send. */
    public static final int DATA_OVERHEAD = 10;

    /** Largest payload a length field can describe. */
    public static final int MAX_PAYLOAD = 0xffff;

    /** Largest frame a peer can send: a 3-word header, the length, the payload. */
    public static final int MAX_FRAME = 12 + 2 + MAX_PAYLOAD;

    private static final String WHERE = "mux";
    private static final int[] MIN_HEADER = {0, 4, 8, 12, 8, 8};

    private MuxCodec() {}

    /** A decoded message and the number of bytes it took. */
    public record Decoded(MuxMessage message, int length) {}

    /**
     * Decodes the first message in {@code buf[off, off+len)}. Returns null when the bytes are a valid
     * prefix of a message that is not complete yet.
     *
     * @throws ProtocolException for a malformed header (bad type, bad header length)
     */
    public static Decoded decode(byte[] buf, int off, int len) throws ProtocolException {
        if (len < 1) {
            return null;
        }
        int b0 = buf[off] & 0xff;
        int type = b0 >>> 4;
        int words = b0 & 0x0f;
        if (type < INIT || type > DATA) {
            throw new ProtocolException(WHERE, "message type " + type + " out of range");
        }
        if (words < 1 || words > 3) {
            throw new ProtocolException(WHERE, "header length " + words + " words out of range");
        }
        int hlen = words * 4;
        if (hlen < MIN_HEADER[type]) {
            throw new ProtocolException(WHERE, "header of " + hlen + " bytes too short for message type " + type);
        }
        if (len < hlen) {
            return null;
        }
        int flags = buf[off + 1] & 0xff;
        switch (type) {
            case INIT:
                return new Decoded(new MuxMessage.Init(buf[off + 2] & 0xff), hlen);
            case NEW_CHANNEL_RSP:
                return new Decoded(new MuxMessage.NewChannelRsp(u16(buf, off + 2), u32(buf, off + 4),
                        u16(buf, off + 8), u16(buf, off + 10)), hlen);
            case CLOSE_CHANNEL:
                return new Decoded(new MuxMessage.Close(u16(buf, off + 2), u16(buf, off + 4)), hlen);
            default:
                break;
        }
        // NEW_CHANNEL and DATA: u16 length and payload follow the header
        if (len < hlen + 2) {
            return null;
        }
        int n = u16(buf, off + hlen); // at most 65535: the allocation below is bounded by the format
        int total = hlen + 2 + n;
        if (len < total) {
            return null;
        }
        byte[] payload = new byte[n];
        System.arraycopy(buf, off + hlen + 2, payload, 0, n);
        if (type == NEW_CHANNEL) {
            return new Decoded(new MuxMessage.NewChannel(u16(buf, off + 2), u32(buf, off + 4), payload), total);
        }
        // a zero-length DATA is an ack only: its flags mean nothing, so they are not reported
        return new Decoded(new MuxMessage.Data(u16(buf, off + 2), n > 0 && (flags & FLAG_OOB) != 0,
                n > 0 && (flags & FLAG_EOM) != 0, u32(buf, off + 4), payload), total);
    }

    /** The exact encoding of {@code m} (the sizes in the table above). */
    public static byte[] encode(MuxMessage m) {
        return switch (m) {
            case MuxMessage.Init i -> new byte[] {0x11, 0, (byte) i.version(), 0};
            case MuxMessage.NewChannel nc -> {
                checkPayload(nc.service().length);
                byte[] b = new byte[10 + nc.service().length];
                b[0] = 0x22;
                put16(b, 2, nc.senderId());
                put32(b, 4, nc.window());
                put16(b, 8, nc.service().length);
                System.arraycopy(nc.service(), 0, b, 10, nc.service().length);
                yield b;
            }
            case MuxMessage.NewChannelRsp r -> {
                byte[] b = new byte[12];
                b[0] = 0x33;
                put16(b, 2, r.requesterId());
                put32(b, 4, r.window());
                put16(b, 8, r.responderId());
                put16(b, 10, r.error());
                yield b;
            }
            case MuxMessage.Close c -> {
                byte[] b = new byte[8];
                b[0] = 0x42;
                put16(b, 2, c.channel());
                put16(b, 4, c.code());
                yield b;
            }
            case MuxMessage.Data d -> {
                byte[] b = new byte[DATA_OVERHEAD + d.data().length];
                int h = encodeDataHeader(b, 0, d.channel(), d.oob(), d.eom(), d.ack(), d.data().length);
                System.arraycopy(d.data(), 0, b, h, d.data().length);
                yield b;
            }
        };
    }

    /**
     * Writes the 10 bytes that precede {@code n} data bytes of a DATA message into {@code out} at
     * {@code off}; returns the offset where the data goes. Lets the sender build frames in place.
     */
    public static int encodeDataHeader(byte[] out, int off, int channel, boolean oob, boolean eom, long ack, int n) {
        checkPayload(n);
        out[off] = 0x52;
        out[off + 1] = (byte) (n == 0 ? 0 : (oob ? FLAG_OOB : 0) | (eom ? FLAG_EOM : 0));
        put16(out, off + 2, channel);
        put32(out, off + 4, ack);
        put16(out, off + 8, n);
        return off + DATA_OVERHEAD;
    }

    private static void checkPayload(int n) {
        if (n < 0 || n > MAX_PAYLOAD) {
            throw new IllegalArgumentException("mux payload of " + n + " bytes does not fit a u16 length");
        }
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }

    static void put16(byte[] b, int off, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("value " + v + " does not fit a u16");
        }
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("value " + v + " does not fit a u32");
        }
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
