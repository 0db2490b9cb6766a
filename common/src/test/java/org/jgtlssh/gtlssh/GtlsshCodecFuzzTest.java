package org.jgtlssh.gtlssh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gtlssh.OobDecoder.Direction;

/**
 * Fuzzes every decoder of peer bytes in this package. A decoder may reject input only with its declared
 * exception, and a message it returns must encode again (so no half-valid value escapes).
 */
class GtlsshCodecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void sessionRequest(byte[] data) {
        try {
            var d = SessionRequestCodec.decode(data);
            if (!(d.request() instanceof SessionRequest.Forward)) {
                // a decoded request encodes again (modulo the empty-argument marker and items with NULs,
                // neither of which can come out of the decoder)
                SessionRequestCodec.encode(d.request(), d.offer());
            }
        } catch (ProtocolException expected) {
            // malformed requests are rejected with a message
        }
    }

    @FuzzTest(maxDuration = "30s")
    void oobToServer(byte[] data) {
        decodeInPieces(new OobDecoder(Direction.TO_SERVER), data);
    }

    @FuzzTest(maxDuration = "30s")
    void oobToClient(byte[] data) {
        decodeInPieces(new OobDecoder(Direction.TO_CLIENT, 4096), data);
    }

    private static void decodeInPieces(OobDecoder d, byte[] data) {
        int split = data.length == 0 ? 0 : (data[0] & 0xff) % (data.length + 1);
        List<OobMessage> a = d.feed(data, 0, split);
        List<OobMessage> b = d.feed(data, split, data.length - split);
        for (List<OobMessage> l : List.of(a, b)) {
            for (OobMessage m : l) {
                if (!(m instanceof OobMessage.Unknown)) {
                    assertTrue(OobEncoder.encode(m).length > 0);
                }
            }
        }
    }
}
