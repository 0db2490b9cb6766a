package org.jgtlssh.gensio.relpkt;

import org.jgtlssh.gensio.ProtocolException;

/**
 * relpkt messages, exactly as gensio 2.6.2 writes them. Pure: no state, no I/O, no clock. Each message
 * is one lower-layer packet.
 *
 * <pre>
 *   byte 0: type << 4 | flag (bits 1-3 reserved: sent 0, ignored)
 *
 *   INIT    10|R  ver=00  window(1..255)  size_hi  size_lo        R=0 request, R=1 response; extra bytes ignored
 *   DATA    20|E  ack     seq   payload...                         ack = next SEQ the sender will deliver;
 *                                                                  no payload = pure ACK (seq sent as 00)
 *   RESEND  30    first1 last1 [first2 last2 ...]  (1..25 pairs)   "please resend first..last"
 *   CLOSE   40    00 00                                           error field, ignored
 * </pre>
 *
 * <p>Our extension, negotiated so a gensio peer never sees it (gensio reads 5 INIT bytes and ignores
 * the rest, and we only answer with it when the request carried it):
 * <pre>
 *   INIT    10|R 00 window size_hi size_lo  4A 47 ('JG')  01 (version)  flags  ext_window
 *           flags bit 0: CRC-32C trailer; ext_window: the window to use instead when both ends are ours
 *           flags bit 1: two more bytes follow, frame_hi frame_lo: the largest relpkt message (header,
 *           payload and trailer) this end's layer below accepts (larger frames between our ends)
 *   then, when both INITs carried bit 0, every other message ends with CRC-32C(message) big-endian:
 *   DATA    20|E ack seq payload...  c3 c2 c1 c0
 *   CLOSE   40   ack  01  c3 c2 c1 c0        the closing side's ACK, so a lost final ACK loses nothing
 * </pre>
 * msgdelim's CRC-16 lets about one damaged frame in 65536 through, and a lost {@code FE 01} merges two
 * frames into one that always passes it; on a line with a 1e-2 byte error rate that is a corrupted
 * byte every few megabytes. The 32-bit check makes it one in four billion.
 */
public final class RelpktCodec {
    public static final int INIT = 1;
    public static final int DATA = 2;
    public static final int RESEND = 3;
    public static final int CLOSE = 4;
    /** The most RESEND pairs one message carries (gensio's limit). */
    public static final int MAX_RESEND_PAIRS = 25;
    public static final int DATA_HEADER = 3;

    private RelpktCodec() {}

    /** One decoded message. Payload bytes are not copied: DATA refers into the input array. */
    public sealed interface Message permits Init, Data, Resend, Close {}

    /**
     * {@code extFlags} is -1 when the INIT carried no (valid) extension block; {@code extFrame} is 0 when
     * it carried no frame capacity (flag bit 1).
     */
    public record Init(boolean response, int window, int maxPacketSize, int extFlags, int extWindow, int extFrame)
            implements Message {
        public Init(boolean response, int window, int maxPacketSize) {
            this(response, window, maxPacketSize, -1, 0, 0);
        }

        public Init(boolean response, int window, int maxPacketSize, int extFlags, int extWindow) {
            this(response, window, maxPacketSize, extFlags, extWindow, 0);
        }
    }

    public static final int EXT_CRC32C = 1;
    /** INIT flag: the frame capacity follows the extension block (2 bytes, big-endian). */
    public static final int EXT_FRAME = 2;
    public static final int INIT_FRAME_LENGTH = 12;
    public static final int EXT_VERSION = 1;
    public static final int TRAILER = 4;

    /** {@code payloadLength == 0} is a pure ACK (its seq means nothing). */
    public record Data(boolean endOfMessage, int ack, int seq, byte[] buf, int payloadOffset, int payloadLength)
            implements Message {}

    /** {@code ranges} holds pairs first, last. */
    public record Resend(int[] ranges) implements Message {}

    /**
     * {@code ack} is the ACK our extension carries in CLOSE's "error" bytes (byte 1 = ACK, byte 2 = 01),
     * or -1: gensio always sends and ignores 00 00 there.
     */
    public record Close(int ack) implements Message {
        public Close() {
            this(-1);
        }
    }

    public static int encodeInit(boolean response, int window, int maxPacketSize, byte[] out, int o) {
        out[o] = (byte) (0x10 | (response ? 1 : 0));
        out[o + 1] = 0;
        out[o + 2] = (byte) window;
        out[o + 3] = (byte) (maxPacketSize >>> 8);
        out[o + 4] = (byte) maxPacketSize;
        return 5;
    }

    /** An INIT with our extension block (10 bytes); {@code out} needs room for 10. */
    public static int encodeInitExt(boolean response, int window, int maxPacketSize, int flags, int extWindow,
            byte[] out, int o) {
        encodeInit(response, window, maxPacketSize, out, o);
        out[o + 5] = 0x4A;
        out[o + 6] = 0x47;
        out[o + 7] = EXT_VERSION;
        out[o + 8] = (byte) flags;
        out[o + 9] = (byte) extWindow;
        return INIT_EXT_LENGTH;
    }

    /**
     * An INIT with our extension block and the frame capacity (12 bytes; flag {@link #EXT_FRAME} is set
     * here). Old jgtlssh peers read 10 bytes and gensio 5; both ignore the rest.
     */
    public static int encodeInitExt(boolean response, int window, int maxPacketSize, int flags, int extWindow,
            int frame, byte[] out, int o) {
        encodeInitExt(response, window, maxPacketSize, flags | EXT_FRAME, extWindow, out, o);
        out[o + 10] = (byte) (frame >>> 8);
        out[o + 11] = (byte) frame;
        return INIT_FRAME_LENGTH;
    }

    public static final int INIT_EXT_LENGTH = 10;

    /** Appends CRC-32C of {@code m[0..len)} at {@code m[len..len+4)}; returns the new length. */
    public static int addTrailer(byte[] m, int len) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(m, 0, len);
        int v = (int) c.getValue();
        m[len] = (byte) (v >>> 24);
        m[len + 1] = (byte) (v >>> 16);
        m[len + 2] = (byte) (v >>> 8);
        m[len + 3] = (byte) v;
        return len + TRAILER;
    }

    /** True when {@code b[off..off+len)} ends with a correct CRC-32C trailer over the rest. */
    public static boolean checkTrailer(byte[] b, int off, int len) {
        if (len < TRAILER + 3) {
            return false;
        }
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b, off, len - TRAILER);
        int v = (int) c.getValue();
        int e = off + len - TRAILER;
        int got = ((b[e] & 0xFF) << 24) | ((b[e + 1] & 0xFF) << 16) | ((b[e + 2] & 0xFF) << 8) | (b[e + 3] & 0xFF);
        return v == got;
    }

    /** Writes the 3-byte DATA header; the payload follows at {@code o + 3}. */
    public static int encodeDataHeader(boolean eom, int ack, int seq, byte[] out, int o) {
        out[o] = (byte) (0x20 | (eom ? 1 : 0));
        out[o + 1] = (byte) ack;
        out[o + 2] = (byte) seq;
        return DATA_HEADER;
    }

    public static int encodeAck(int ack, byte[] out, int o) {
        return encodeDataHeader(false, ack, 0, out, o);
    }

    /** @param ranges pairs first,last; at most {@link #MAX_RESEND_PAIRS} pairs */
    public static int encodeResend(int[] ranges, int pairs, byte[] out, int o) {
        out[o] = 0x30;
        for (int i = 0; i < pairs * 2; i++) {
            out[o + 1 + i] = (byte) ranges[i];
        }
        return 1 + pairs * 2;
    }

    public static int encodeClose(byte[] out, int o) {
        out[o] = 0x40;
        out[o + 1] = 0;
        out[o + 2] = 0;
        return 3;
    }

    /**
     * Decodes one message. Malformed input (shorter than 3 bytes, a short INIT, an unknown type, an odd
     * RESEND, a payload larger than {@code maxPayload}) is a {@link ProtocolException}, as in gensio.
     * Never allocates more than a RESEND's 25 pairs.
     */
    public static Message decode(byte[] b, int off, int len, int maxPayload) throws ProtocolException {
        if (len < 3) {
            throw new ProtocolException("relpkt", "message of " + len + " bytes is too short");
        }
        int type = (b[off] & 0xF0) >>> 4;
        boolean flag = (b[off] & 1) != 0;
        switch (type) {
            case INIT -> {
                if (len < 5) {
                    throw new ProtocolException("relpkt", "INIT of " + len + " bytes is too short");
                }
                int ext = -1;
                int extWindow = 0;
                int extFrame = 0;
                if (len >= INIT_EXT_LENGTH && b[off + 5] == 0x4A && b[off + 6] == 0x47 && b[off + 7] == EXT_VERSION) {
                    ext = b[off + 8] & 0xFF;
                    extWindow = b[off + 9] & 0xFF;
                    if ((ext & EXT_FRAME) != 0 && len >= INIT_FRAME_LENGTH) {
                        extFrame = ((b[off + 10] & 0xFF) << 8) | (b[off + 11] & 0xFF);
                    }
                }
                return new Init(flag, b[off + 2] & 0xFF, ((b[off + 3] & 0xFF) << 8) | (b[off + 4] & 0xFF), ext,
                        extWindow, extFrame);
            }
            case DATA -> {
                int payload = len - DATA_HEADER;
                if (payload > maxPayload) {
                    throw new ProtocolException("relpkt",
                            "DATA payload of " + payload + " bytes exceeds max_pktsize " + maxPayload);
                }
                return new Data(flag, b[off + 1] & 0xFF, b[off + 2] & 0xFF, b, off + DATA_HEADER, payload);
            }
            case RESEND -> {
                int n = len - 1;
                if ((n & 1) != 0) {
                    throw new ProtocolException("relpkt", "RESEND with an odd number of bytes");
                }
                // More than 25 pairs is never sent; read only what gensio would, ignore the rest.
                int pairs = Math.min(n / 2, MAX_RESEND_PAIRS);
                int[] r = new int[pairs * 2];
                for (int i = 0; i < r.length; i++) {
                    r[i] = b[off + 1 + i] & 0xFF;
                }
                return new Resend(r);
            }
            case CLOSE -> {
                return new Close(b[off + 2] == 1 ? b[off + 1] & 0xFF : -1);
            }
            default -> throw new ProtocolException("relpkt", "unknown message type " + type);
        }
    }
}
