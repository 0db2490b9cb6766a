package org.jgtlssh.gensio.msgdelim;

/**
 * msgdelim framing and CRC, as gensio 2.6.2 puts them on the wire. Pure: no I/O, no state.
 *
 * <pre>
 *   [FE 01]   only before the first frame a sender instance sends
 *   ESC(payload) ESC(crc_hi) ESC(crc_lo)   (the CRC is left out with crc=off)
 *   FE 01     separator: ends this frame and starts the next
 *
 *   ESC(b) = FE 00 for b == FE, b otherwise.   FE xx with xx not 00/01 aborts a frame.
 *   CRC = CRC-16/XMODEM (poly 0x1021, init 0, no reflection) over the unescaped payload, big-endian.
 * </pre>
 */
public final class MsgdelimCodec {
    /** The escape/command byte. */
    public static final int ESC = 0xFE;
    /** FE 00: a literal FE. */
    public static final int LITERAL = 0x00;
    /** FE 01: the frame separator. */
    public static final int SEPARATOR = 0x01;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private MsgdelimCodec() {}

    /** CRC-16/XMODEM of {@code b[off..off+len)}; the check value of "123456789" is 0x31C3. */
    public static int crc16(byte[] b, int off, int len) {
        return crc16(0, b, off, len);
    }

    /** Continues a CRC-16/XMODEM from {@code crc}. */
    public static int crc16(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    /** The largest encoded size of a payload of {@code len} bytes (every byte escaped, plus both separators). */
    public static int maxEncodedSize(int len) {
        return 2 * (len + 2) + 4;
    }

    /**
     * Encodes one message into {@code out} at {@code outOff} and returns the number of bytes written.
     * {@code out} must have room for {@link #maxEncodedSize(int)} bytes.
     *
     * @param leadingSeparator put FE 01 in front (the first frame of a sender instance)
     */
    public static int encode(byte[] payload, int off, int len, boolean crc, boolean leadingSeparator,
            byte[] out, int outOff) {
        int o = outOff;
        if (leadingSeparator) {
            out[o++] = (byte) ESC;
            out[o++] = SEPARATOR;
        }
        for (int i = off; i < off + len; i++) {
            o = put(out, o, payload[i]);
        }
        if (crc) {
            int c = crc16(payload, off, len);
            o = put(out, o, (byte) (c >>> 8));
            o = put(out, o, (byte) c);
        }
        out[o++] = (byte) ESC;
        out[o++] = SEPARATOR;
        return o - outOff;
    }

    /** Convenience for tests and tools: the encoded frame as a new array. */
    public static byte[] encode(byte[] payload, boolean crc, boolean leadingSeparator) {
        byte[] out = new byte[maxEncodedSize(payload.length)];
        int n = encode(payload, 0, payload.length, crc, leadingSeparator, out, 0);
        return java.util.Arrays.copyOf(out, n);
    }

    private static int put(byte[] out, int o, byte b) {
        if ((b & 0xFF) == ESC) {
            out[o++] = (byte) ESC;
            out[o++] = LITERAL;
        } else {
            out[o++] = b;
        }
        return o;
    }
}
