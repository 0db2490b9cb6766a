package org.jgtlssh.gensio.telnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the encoder/decoder pair, checked by jqwik over random data and random splits. */
class TelnetCodecProperties {

    /** Escaped data, with negotiations and sub-negotiations mixed in, decodes to the same data. */
    @Property(tries = 300)
    void escapedDataRoundTripsInAnyChunking(@ForAll @Size(max = 2000) byte[] data,
            @ForAll @IntRange(min = 1, max = 300) int chunk, @ForAll @Size(max = 5) byte[] sbPayload)
            throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int half = data.length / 2;
        wire.write(TelnetEncoder.escape(java.util.Arrays.copyOfRange(data, 0, half)));
        wire.write(TelnetEncoder.negotiation(Telnet.WILL, Telnet.OPT_COM_PORT));
        wire.write(TelnetEncoder.subnegotiation(Telnet.OPT_COM_PORT, sbPayload));
        wire.write(TelnetEncoder.escape(java.util.Arrays.copyOfRange(data, half, data.length)));
        byte[] w = wire.toByteArray();

        TelnetDecoder d = new TelnetDecoder(64, 300);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<String> others = new ArrayList<>();
        TelnetDecoder.Handler h = new TelnetDecoder.Handler() {
            @Override
            public void data(byte[] buf, int off, int len) {
                got.write(buf, off, len);
            }

            @Override
            public void command(int cmd) {
                others.add("cmd" + cmd);
            }

            @Override
            public void negotiation(int verb, int option) {
                others.add(verb + "/" + option);
            }

            @Override
            public void subnegotiation(int option, byte[] payload) {
                others.add("sb" + option + java.util.HexFormat.of().formatHex(payload));
            }
        };
        for (int i = 0; i < w.length; i += chunk) {
            d.feed(w, i, Math.min(chunk, w.length - i), h);
        }
        d.finish();
        assertArrayEquals(data, got.toByteArray());
        assertEquals(List.of(Telnet.WILL + "/" + Telnet.OPT_COM_PORT,
                "sb" + Telnet.OPT_COM_PORT + java.util.HexFormat.of().formatHex(sbPayload)), others);
    }

    /** Two negotiators fed any sequence of requests and any received verbs stay bounded in replies. */
    @Property(tries = 300)
    void negotiationNeverAnswersTwiceInARow(@ForAll @Size(max = 50) List<@IntRange(min = 251, max = 254) Integer> verbs) {
        OptionNegotiator n = new OptionNegotiator();
        n.allowLocal(44);
        n.allowRemote(44);
        int[] sent = {0};
        for (int v : verbs) {
            int before = sent[0];
            n.receive(v, 44, (verb, opt) -> sent[0]++);
            n.receive(v, 44, (verb, opt) -> sent[0]++); // the same message again must never be answered
            assertEquals(true, sent[0] - before <= 1, "answered a repeated " + Telnet.verbName(v));
        }
    }
}
