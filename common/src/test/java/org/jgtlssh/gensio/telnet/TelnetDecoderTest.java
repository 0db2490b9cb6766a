package org.jgtlssh.gensio.telnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jgtlssh.gensio.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Table tests of the decoder: wire hex in, the elements it reports out. */
class TelnetDecoderTest {

    /** Records what the decoder reports as one string: data as "d:hex", others by name. */
    static final class Recorder implements TelnetDecoder.Handler {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        @Override
        public void data(byte[] buf, int off, int len) {
            data.write(buf, off, len);
            events.add("d:" + HexFormat.of().formatHex(buf, off, off + len));
        }

        @Override
        public void command(int cmd) {
            events.add("cmd:" + cmd);
        }

        @Override
        public void negotiation(int verb, int option) {
            events.add(Telnet.verbName(verb) + ":" + option);
        }

        @Override
        public void subnegotiation(int option, byte[] payload) {
            events.add("sb:" + option + ":" + HexFormat.of().formatHex(payload));
        }

        String joined() {
            return String.join(" ", events);
        }
    }

    static String decode(String hex, int chunk) throws Exception {
        byte[] in = HexFormat.of().parseHex(hex);
        TelnetDecoder d = new TelnetDecoder(64, 4096);
        Recorder r = new Recorder();
        for (int i = 0; i < in.length; i += chunk) {
            d.feed(in, i, Math.min(chunk, in.length - i), r);
        }
        d.finish();
        // Data split across chunks is reported in pieces; merge adjacent data for comparison.
        List<String> merged = new ArrayList<>();
        for (String e : r.events) {
            int last = merged.size() - 1;
            if (e.startsWith("d:") && last >= 0 && merged.get(last).startsWith("d:")) {
                merged.set(last, merged.get(last) + e.substring(2));
            } else {
                merged.add(e);
            }
        }
        return String.join(" ", merged);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "414243                         | d:414243",
        "41ffff42                       | d:41ff42",
        "ffff                           | d:ff",
        "fffb2c                         | WILL:44",
        "41fffd1f42                     | d:41 DO:31 d:42",
        "fffc00fffe01                   | WONT:0 DONT:1",
        "fff3                           | cmd:243",
        "fff1fff6                       | cmd:241 cmd:246",
        "fffa2c0100002580fff0           | sb:44:0100002580",
        "fffa2c65ffff00fffffff0         | sb:44:65ff00ff",
        "fffa1f00500018fff0             | sb:31:00500018",
        "fffa2cfff0                     | sb:44:",
    })
    void decodes(String wire, String expected) throws Exception {
        assertEquals(expected, decode(wire, 4096));
        assertEquals(expected, decode(wire, 1), "byte-at-a-time must give the same result");
    }

    @ParameterizedTest
    @CsvSource({"ff", "fffb", "fffa", "fffa2c01", "fffa2c01ff", "41ff"})
    void truncatedSequencesAreErrors(String wire) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> decode(wire, 4096));
        assertTrue(e.getMessage().contains("stream ended inside"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"ff00", "ffeb", "fff0", "fffa2c01ff41fff0"})
    void garbageIsAnError(String wire) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> decode(wire, 4096));
        assertTrue(e.getMessage().startsWith("telnet: bad telnet sequence"), e.getMessage());
    }

    @Test
    void subnegotiationIsBounded() {
        StringBuilder sb = new StringBuilder("fffa2c");
        sb.append("41".repeat(65)).append("fff0");
        ProtocolException e = assertThrows(ProtocolException.class, () -> decode(sb.toString(), 4096));
        assertTrue(e.getMessage().contains("longer than 64"), e.getMessage());
    }

    @Test
    void encoderRoundTrips() throws Exception {
        byte[] data = HexFormat.of().parseHex("00ffff41fffaf0");
        byte[] esc = TelnetEncoder.escape(data);
        assertEquals("00ffffffff41fffffaf0", HexFormat.of().formatHex(esc));
        assertEquals("d:" + HexFormat.of().formatHex(data), decode(HexFormat.of().formatHex(esc), 3));
        assertEquals("fffa2c65ffff00fffffff0", HexFormat.of().formatHex(
                TelnetEncoder.subnegotiation(44, HexFormat.of().parseHex("65ff00ff"))));
    }
}
