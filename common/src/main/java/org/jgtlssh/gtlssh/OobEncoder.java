package org.jgtlssh.gtlssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jgtlssh.gensio.WindowSize;

/**
 * Turns {@link OobMessage}s into the bytes written (with the OOB flag) on a main channel.
 *
 * <pre>
 *   ready (server → client, once per channel, unframed):   72                      'r'
 *   every other message:                                   id  len_hi len_lo  payload[len]
 *
 *   id   dir   payload                                      origin
 *   'w'  c→s   rows u16, cols u16, xpix u16, ypix u16 (BE)  gensio
 *   'r'  c→s   4 ASCII digits, accepter string, NUL         gensio
 *   'A'  s→c   accepted feature tokens, each NUL-ended      extension
 *   'E'  c→s   (empty): end of the client's input          extension
 *   'e'  s→c   stderr bytes                                 extension
 *   'x'  s→c   kind u8 (0 exit code, 1 signal), value u32   extension
 *   'k'  both  token u32: keepalive ping                    extension
 *   'K'  both  token u32: the answer to a ping              extension
 *
 *   e.g. 77 00 08 00 21 00 5a 05 a0 04 20   window 33 rows x 90 cols, 1440 x 1056 pixels
 * </pre>
 */
public final class OobEncoder {
    /** The largest payload the 16-bit length can carry. */
    public static final int MAX_PAYLOAD = 65535;

    private OobEncoder() {}

    /** The one-byte ready marker. */
    public static byte[] ready() {
        return new byte[] {'r'};
    }

    public static byte[] encode(OobMessage m) {
        return switch (m) {
            case OobMessage.Ready r -> ready();
            case OobMessage.WindowSizeChange w -> frame('w', windowSize(w.size()));
            case OobMessage.RemoteForwardRequest r -> {
                byte[] acc = r.accepter().getBytes(StandardCharsets.UTF_8);
                byte[] p = new byte[4 + acc.length + 1];
                System.arraycopy(r.serviceId().getBytes(StandardCharsets.US_ASCII), 0, p, 0, 4);
                System.arraycopy(acc, 0, p, 4, acc.length);
                yield frame('r', p);
            }
            case OobMessage.ExtensionsAccepted a -> {
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                for (Feature f : Feature.values()) { // a stable order on the wire
                    if (a.features().contains(f)) {
                        o.writeBytes(f.token().getBytes(StandardCharsets.US_ASCII));
                        o.write(0);
                    }
                }
                yield frame('A', o.toByteArray());
            }
            case OobMessage.EndOfInput e -> frame('E', new byte[0]);
            case OobMessage.Stderr s -> frame('e', s.data());
            case OobMessage.Exit x -> {
                byte[] p = new byte[5];
                p[0] = (byte) (x.status().signaled() ? 1 : 0);
                putInt(p, 1, x.status().value());
                yield frame('x', p);
            }
            case OobMessage.Ping p -> frame('k', intBytes(p.token()));
            case OobMessage.Pong p -> frame('K', intBytes(p.token()));
            case OobMessage.Unknown u -> throw new IllegalArgumentException("cannot encode an unknown message");
        };
    }

    /** A stderr message per piece of at most {@link #MAX_PAYLOAD} bytes; the header is written in place. */
    public static byte[] stderr(byte[] buf, int off, int len) {
        if (len > MAX_PAYLOAD) {
            throw new IllegalArgumentException("stderr piece too long: " + len);
        }
        byte[] f = new byte[3 + len];
        f[0] = 'e';
        f[1] = (byte) (len >>> 8);
        f[2] = (byte) len;
        System.arraycopy(buf, off, f, 3, len);
        return f;
    }

    private static byte[] windowSize(WindowSize s) {
        byte[] p = new byte[8];
        putShort(p, 0, s.rows());
        putShort(p, 2, s.cols());
        putShort(p, 4, s.xpixels());
        putShort(p, 6, s.ypixels());
        return p;
    }

    static byte[] frame(char id, byte[] payload) {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("OOB payload too long: " + payload.length);
        }
        byte[] f = new byte[3 + payload.length];
        f[0] = (byte) id;
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 3, payload.length);
        return f;
    }

    private static byte[] intBytes(int v) {
        byte[] p = new byte[4];
        putInt(p, 0, v);
        return p;
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
