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

    public record Init(boolean response, int window, int maxPacketSize) implements Message {}

    /** {@code payloadLength == 0} is a pure ACK (its seq means nothing). */
    public record Data(boolean endOfMessage, int ack, int seq, byte[] buf, int payloadOffset, int payloadLength)
            implements Message {}

    /** {@code ranges} holds pairs first, last. */
    public record Resend(int[] ranges) implements Message {}

    public record Close() implements Message {}

    public static int encodeInit(boolean response, int window, int maxPacketSize, byte[] out, int o) {
        out[o] = (byte) (0x10 | (response ? 1 : 0));
        out[o + 1] = 0;
        out[o + 2] = (byte) window;
        out[o + 3] = (byte) (maxPacketSize >>> 8);
        out[o + 4] = (byte) maxPacketSize;
        return 5;
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
                return new Init(flag, b[off + 2] & 0xFF, ((b[off + 3] & 0xFF) << 8) | (b[off + 4] & 0xFF));
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
                return new Close();
            }
            default -> throw new ProtocolException("relpkt", "unknown message type " + type);
        }
    }
}
