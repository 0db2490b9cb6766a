package org.jgtlssh.gensio.certauth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.jgtlssh.gensio.ProtocolException;

/**
 * Fuzzes the certauth decoder with arbitrary peer bytes fed in two pieces. It may reject input only with
 * {@link ProtocolException}; every message it returns holds at most its bound of bytes and encodes back
 * to exactly the bytes it was decoded from. Seeds: messages captured from the real gensio (after one
 * leading byte that chooses the split point).
 */
class CertauthDecoderFuzzTest {
    static final int MAX_ELEMENTS = CertauthDecoder.DEFAULT_MAX_ELEMENTS;

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        // the first byte picks where the stream is cut in two; the rest is what the peer sent
        byte[] data = Arrays.copyOfRange(input, 1, input.length);
        CertauthDecoder d = new CertauthDecoder();
        int split = (input[0] & 0xff) % (data.length + 1);
        int start = 0;
        int pos = 0;
        try {
            for (int[] piece : new int[][] {{0, split}, {split, data.length}}) {
                int p = piece[0];
                while (p < piece[1]) {
                    int used = d.feed(data, p, piece[1] - p);
                    p += used;
                    pos = p;
                    if (d.message() != null) {
                        CertauthMessage m = d.take();
                        long held = m.elements().stream().mapToLong(e -> e.value().length).sum();
                        assertTrue(held <= (long) MAX_ELEMENTS * CertauthMessage.MAX_ELEMENT, "bounded");
                        assertArrayEquals(Arrays.copyOfRange(data, start, pos), m.encode(), "round trip");
                        start = pos;
                    } else {
                        assertTrue(used == piece[1] - (p - used), "a decoder without a message takes everything");
                    }
                }
            }
        } catch (ProtocolException expected) {
            assertTrue(expected.getMessage().startsWith("certauth: protocol error"), expected.getMessage());
        }
    }
}
