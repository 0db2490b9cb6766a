package org.jgtlssh.gensio.telnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.jgtlssh.gensio.ProtocolException;

/**
 * Jazzer on the telnet decoder, in arbitrary chunkings: it either decodes or fails with a
 * {@link ProtocolException} (never another exception, never a hang), no sub-negotiation it reports is
 * over the bound, and it never reports more data bytes than it was given. The committed seeds replay in
 * every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class TelnetDecoderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decoderIsBoundedAndFailsOnlyWithProtocolErrors(byte[] input) throws IOException {
        TelnetDecoder d = new TelnetDecoder(16, 64);
        long[] dataBytes = {0};
        TelnetDecoder.Handler h = new TelnetDecoder.Handler() {
            @Override
            public void data(byte[] buf, int off, int len) {
                assertTrue(len > 0 && len <= 64);
                dataBytes[0] += len;
            }

            @Override
            public void command(int cmd) {
                assertTrue(cmd >= Telnet.LOWEST_COMMAND && cmd < Telnet.SB && cmd != Telnet.SE);
            }

            @Override
            public void negotiation(int verb, int option) {
                assertTrue(verb >= Telnet.WILL && verb <= Telnet.DONT);
            }

            @Override
            public void subnegotiation(int option, byte[] payload) {
                assertTrue(payload.length <= 16, "sub-negotiation over its bound");
            }
        };
        // The first byte picks the chunk size, so splits at every position get exercised.
        int chunk = input.length == 0 ? 1 : 1 + (input[0] & 0x3f);
        try {
            for (int i = 0; i < input.length; i += chunk) {
                d.feed(input, i, Math.min(chunk, input.length - i), h);
            }
            d.finish();
        } catch (ProtocolException expected) {
            assertTrue(expected.getMessage().startsWith("telnet: "));
        }
        assertTrue(dataBytes[0] <= input.length);
    }
}
