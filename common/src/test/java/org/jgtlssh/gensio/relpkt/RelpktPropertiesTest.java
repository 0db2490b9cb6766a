package org.jgtlssh.gensio.relpkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.jgtlssh.gensio.ProtocolException;

/**
 * Properties of relpkt: the decoder fails only with its own error, and over any seeded lossy line
 * every byte arrives exactly once and in order or a failure is reported (never silent loss or
 * corruption).
 */
class RelpktPropertiesTest {

    @Property(tries = 1000)
    void decoderThrowsOnlyProtocolException(@ForAll @Size(max = 300) byte[] input) {
        try {
            RelpktCodec.decode(input, 0, input.length, 123);
        } catch (ProtocolException expected) {
            // the layer's own error
        }
    }

    @Property(tries = 25)
    void exactlyOnceInOrderOrAReportedFailure(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 0, max = 0.25) double drop,
            @ForAll @DoubleRange(min = 0, max = 0.05) double duplicate,
            @ForAll @DoubleRange(min = 0, max = 0.05) double reorder,
            @ForAll @DoubleRange(min = 0, max = 0.05) double truncate,
            @ForAll @DoubleRange(min = 0, max = 0.003) @net.jqwik.api.constraints.Scale(4) double flip) throws IOException {
        LinkSim.Faults f = new LinkSim.Faults(drop, duplicate, reorder, truncate, flip, 0, 2_000_000);
        LinkSim sim = new LinkSim(seed, f, RelpktOptions.DEFAULT, RelpktOptions.DEFAULT, 48 * 1024, 48 * 1024, null);
        sim.run(1800 * 1_000_000_000L);
        byte[] atB = sim.gotAtB.toByteArray();
        byte[] atA = sim.gotAtA.toByteArray();
        assertArrayEquals(Arrays.copyOf(sim.dataA, atB.length), atB);
        assertArrayEquals(Arrays.copyOf(sim.dataB, atA.length), atA);
        if (atB.length < sim.dataA.length || atA.length < sim.dataB.length) {
            assertTrue(sim.a.failure() != null || sim.b.failure() != null, "incomplete without a failure");
        }
    }
}
