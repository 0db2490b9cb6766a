package org.jgtlssh.gensio.msgdelim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.pipe.Pipe;
import org.junit.jupiter.api.Test;

/** The msgdelim filter over an in-memory pipe: framing on the wire, recovery, write limits, statistics. */
class MsgdelimGensioTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void firstFrameStartsWithSeparatorAndLaterOnesDoNot() throws IOException {
        Gensio[] p = Pipe.pair(4096);
        MsgdelimGensio m = new MsgdelimGensio(p[0], MsgdelimOptions.DEFAULT, null);
        m.write(WireVectors.hex("41"));
        m.write(WireVectors.hex("fe"));
        byte[] got = new byte[13];
        int n = 0;
        while (n < got.length) {
            n += p[1].read(got, n, got.length - n);
        }
        assertArrayEquals(WireVectors.hex("fe 01 41 58 e5 fe 01 fe 00 0e d1 fe 01"), got);
    }

    @Test
    void oversizedWriteFailsAloneAndTheLinkStaysUp() throws IOException {
        Gensio[] p = Pipe.pair(4096);
        MsgdelimGensio a = new MsgdelimGensio(p[0], MsgdelimOptions.DEFAULT, null);
        MsgdelimGensio z = new MsgdelimGensio(p[1], MsgdelimOptions.DEFAULT, null);
        GensioException e = assertThrows(GensioException.class, () -> a.write(new byte[129]));
        assertTrue(e.getMessage().contains("larger than writebuf=128"), e.getMessage());
        a.write(new byte[0]); // an empty write sends nothing
        byte[] full = new byte[128];
        java.util.Arrays.fill(full, (byte) 0xFE);
        a.write(full);
        byte[] buf = new byte[z.maxReadSize()];
        ReadMeta meta = new ReadMeta();
        assertEquals(128, z.read(buf, 0, buf.length, meta));
        assertTrue(meta.endOfMessage());
        assertArrayEquals(full, java.util.Arrays.copyOf(buf, 128));
    }

    /** gensio's receiver wedges after one bad frame (spec 6.1); ours drops it, counts it and goes on. */
    @Test
    void damagedFramesAreDroppedCountedAndReportedAndTheNextGoodOneArrives() throws IOException {
        Gensio[] p = Pipe.pair(4096);
        List<String> events = new ArrayList<>();
        List<Map<String, Long>> stats = new ArrayList<>();
        GensioListener l = new GensioListener() {
            @Override
            public void event(String layer, String event, Map<String, Object> data) {
                events.add(layer + ":" + event);
            }

            @Override
            public void stats(String layer, Map<String, Long> counters) {
                stats.add(counters);
            }
        };
        MsgdelimGensio z = new MsgdelimGensio(p[1], MsgdelimOptions.DEFAULT, l);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(MsgdelimCodec.encode(b("one"), true, true));
        byte[] bad = MsgdelimCodec.encode(b("BAD"), true, false);
        bad[0] ^= 0x04;
        wire.writeBytes(bad);
        wire.writeBytes(b("x"));
        wire.writeBytes(WireVectors.hex("fe 01")); // too short to hold a CRC
        wire.writeBytes(b("par"));
        wire.writeBytes(WireVectors.hex("fe 02")); // abort mid-frame
        wire.writeBytes(b("tial"));
        wire.writeBytes(WireVectors.hex("fe 01"));
        wire.writeBytes(MsgdelimCodec.encode(new byte[129], true, false)); // overlong
        wire.writeBytes(MsgdelimCodec.encode(b("two"), true, false));
        wire.writeBytes(MsgdelimCodec.encode(b("three"), true, false));
        p[0].write(wire.toByteArray());
        p[0].close();
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[128];
        int n;
        while ((n = z.read(buf, 0, buf.length)) >= 0) {
            got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).append('|');
        }
        assertEquals("one|two|three|", got.toString());
        Map<String, Long> c = z.counters();
        assertEquals(1L, c.get("crc-errors"));
        assertEquals(1L, c.get("short-frames"));
        assertEquals(1L, c.get("aborts"));
        assertEquals(1L, c.get("overflows"));
        assertEquals(3L, c.get("frames-received"));
        assertTrue(events.contains("msgdelim:damaged-frame"));
        assertEquals(4L, stats.getLast().get("crc-errors") + stats.getLast().get("short-frames")
                + stats.getLast().get("aborts") + stats.getLast().get("overflows"));
    }

    @Test
    void crcOffPassesFramesAsTheyAre() throws IOException {
        Gensio[] p = Pipe.pair(4096);
        MsgdelimGensio a = new MsgdelimGensio(p[0], new MsgdelimOptions(128, 128, false), null);
        MsgdelimGensio z = new MsgdelimGensio(p[1], new MsgdelimOptions(128, 128, false), null);
        a.write(b("t\u00feo"));
        byte[] buf = new byte[z.maxReadSize()];
        int n = z.read(buf, 0, buf.length);
        assertEquals("t\u00feo", new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    }
}
