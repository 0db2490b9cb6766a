package org.jgtlssh.gensio.relpkt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.jgtlssh.gensio.ProtocolException;

/**
 * Jazzer on relpkt's decoder and state machine: arbitrary messages fail only with the layer's own
 * {@link ProtocolException}, and no sequence of packets, reads and timer ticks makes the link throw or
 * hold more than its window. Seeds replay in every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class RelpktFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void codecThrowsOnlyItsOwnError(byte[] input) {
        try {
            RelpktCodec.Message m = RelpktCodec.decode(input, 0, input.length, 123);
            if (m instanceof RelpktCodec.Resend r) {
                assertTrue(r.ranges().length <= 2 * RelpktCodec.MAX_RESEND_PAIRS);
            }
            if (m instanceof RelpktCodec.Data d) {
                assertTrue(d.payloadLength() <= 123);
            }
        } catch (ProtocolException expected) {
            // the layer's own error: fine
        }
    }

    @FuzzTest(maxDuration = "30s")
    void linkSurvivesAnyPackets(FuzzedDataProvider data) throws IOException {
        boolean client = data.consumeBoolean();
        RelpktLink l = new RelpktLink(RelpktOptions.DEFAULT, client, null);
        long now = 1_000_000_000L;
        l.start(now);
        byte[] buf = new byte[8192];
        int steps = 0;
        while (data.remainingBytes() > 0 && steps++ < 500) {
            switch (data.consumeInt(0, 4)) {
                case 0 -> {
                    byte[] p = data.consumeBytes(data.consumeInt(0, 140));
                    l.onPacket(p, 0, p.length, now);
                }
                case 1 -> now += data.consumeLong(0, 3_000_000_000L);
                case 2 -> {
                    try {
                        l.read(buf, 0, buf.length);
                    } catch (IOException failed) {
                        // a failed link reports its failure: fine
                    }
                }
                case 3 -> {
                    try {
                        l.offer(buf, 0, data.consumeInt(0, 500));
                    } catch (IOException failed) {
                        // writing to a closed or failed link: fine
                    }
                }
                default -> l.close(now);
            }
            if (l.nextDeadline() <= now) {
                l.onTimer(now);
            }
            while (l.pollOutput(now) != null) {
                // drain
            }
            assertTrue(l.available() <= 2 * 64 * 123, "the receive buffer is bounded");
        }
    }
}
