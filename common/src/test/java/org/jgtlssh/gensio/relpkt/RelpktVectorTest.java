package org.jgtlssh.gensio.relpkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.msgdelim.MsgdelimDecoder;
import org.jgtlssh.gensio.msgdelim.WireVectors;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Close;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Data;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Init;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Message;
import org.jgtlssh.gensio.relpkt.RelpktCodec.Resend;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The relpkt codec against every message captured from gensio 2.6.2: our decoder reads each one with
 * the meaning the capture gives it, and our encoder writes the same bytes back.
 */
class RelpktVectorTest {
    private static final Pattern NOTE = Pattern.compile("\\(valid\\); relpkt: (.*)$");
    private static final List<String> FILES = List.of("relpkt-basic.txt", "relpkt-handshake.txt",
            "relpkt-recovery.txt", "relpkt-close-and-errors.txt", "relpkt-serial-pty.txt");

    /** The capture tool's wording, rebuilt from our decoded message. */
    static String describe(Message m) {
        return switch (m) {
            case Init i -> (i.response() ? "INIT-RSP" : "INIT-REQ") + " ver=0 window=" + i.window()
                    + " max_pktsize=" + i.maxPacketSize();
            case Data d when d.payloadLength() == 0 -> "ACK ack(next_deliver)=" + d.ack() + " (seqbyte=" + d.seq() + ")";
            case Data d -> (d.endOfMessage() ? "DATA+EOM" : "DATA") + " ack=" + d.ack() + " seq=" + d.seq() + " len="
                    + d.payloadLength() + " payload=" + WireVectors.hex(d.buf(), d.payloadOffset(), Math.min(16, d.payloadLength()))
                    + (d.payloadLength() > 16 ? "..." : "");
            case Resend r -> "RESEND flags=0 ranges=[" + IntStream.range(0, r.ranges().length / 2)
                    .mapToObj(k -> "(" + r.ranges()[2 * k] + ", " + r.ranges()[2 * k + 1] + ")")
                    .collect(Collectors.joining(", ")) + "]";
            case Close c -> "CLOSE err=0";
        };
    }

    static byte[] encode(Message m, byte[] original) {
        byte[] out = new byte[original.length];
        int n = switch (m) {
            case Init i -> RelpktCodec.encodeInit(i.response(), i.window(), i.maxPacketSize(), out, 0);
            case Data d -> {
                RelpktCodec.encodeDataHeader(d.endOfMessage(), d.ack(), d.payloadLength() == 0 ? 0 : d.seq(), out, 0);
                System.arraycopy(d.buf(), d.payloadOffset(), out, 3, d.payloadLength());
                yield 3 + d.payloadLength();
            }
            case Resend r -> RelpktCodec.encodeResend(r.ranges(), r.ranges().length / 2, out, 0);
            case Close c -> RelpktCodec.encodeClose(out, 0);
        };
        return Arrays.copyOf(out, n);
    }

    @TestFactory
    Stream<DynamicTest> everyCapturedMessageDecodesAndReencodes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : FILES) {
            for (WireVectors.Section s : WireVectors.read(file)) {
                tests.add(DynamicTest.dynamicTest(file + " / " + s.title(), () -> check(s)));
            }
        }
        return tests.stream();
    }

    private static void check(WireVectors.Section s) throws ProtocolException {
        boolean excerpt = s.title().startsWith("R2:") || s.title().startsWith("R8:");
        int checked = 0;
        for (String dir : s.directions()) {
            MsgdelimDecoder d = new MsgdelimDecoder(128, true);
            if (excerpt) {
                d.feed((byte) 0xFE);
                d.feed((byte) 1);
            }
            for (WireVectors.Block b : s.direction(dir)) {
                List<String> expected = new ArrayList<>();
                for (String n : b.notes()) {
                    Matcher m = NOTE.matcher(n);
                    if (m.find()) {
                        expected.add(m.group(1));
                    }
                }
                List<String> got = new ArrayList<>();
                for (byte x : b.bytes()) {
                    if (!d.feed(x)) {
                        continue;
                    }
                    byte[] frame = Arrays.copyOf(d.buffer(), d.messageLength());
                    try {
                        Message m = RelpktCodec.decode(frame, 0, frame.length, 1024);
                        got.add(describe(m));
                        assertArrayEquals(frame, encode(m, frame), "re-encoding " + describe(m));
                    } catch (ProtocolException e) {
                        got.add("ERROR " + WireVectors.hex(frame, 0, frame.length)); // E1/E2/H7: malformed on purpose
                    }
                    checked++;
                }
                if (excerpt) {
                    assertTrue(got.containsAll(expected), expected + " vs " + got);
                } else {
                    List<String> wellFormed = got.stream().filter(g -> !g.startsWith("ERROR")).toList();
                    List<String> expectedWellFormed = expected.stream()
                            .filter(e -> !e.startsWith("INIT-SHORT") && !e.startsWith("RELPKT-SHORT") && !e.startsWith("TYPE"))
                            .toList();
                    assertEquals(expectedWellFormed, wellFormed, dir);
                    assertEquals(expected.size(), got.size(), "malformed messages are reported, not skipped");
                }
            }
        }
        assertTrue(checked > 0 || s.title().contains("H5") || s.title().startsWith("(preamble)"),
                "no message in " + s.title());
    }

    @Test
    void specExamplesEncodeExactly() {
        byte[] o = new byte[8];
        assertArrayEquals(WireVectors.hex("10 00 10 00 7b"), Arrays.copyOf(o, RelpktCodec.encodeInit(false, 16, 123, o, 0)));
        assertArrayEquals(WireVectors.hex("11 00 10 00 7b"), Arrays.copyOf(o, RelpktCodec.encodeInit(true, 16, 123, o, 0)));
        assertArrayEquals(WireVectors.hex("20 02 00"), Arrays.copyOf(o, RelpktCodec.encodeAck(2, o, 0)));
        assertArrayEquals(WireVectors.hex("30 01 01"), Arrays.copyOf(o, RelpktCodec.encodeResend(new int[] {1, 1}, 1, o, 0)));
        assertArrayEquals(WireVectors.hex("40 00 00"), Arrays.copyOf(o, RelpktCodec.encodeClose(o, 0)));
        RelpktCodec.encodeDataHeader(true, 0, 3, o, 0);
        assertArrayEquals(WireVectors.hex("21 00 03"), Arrays.copyOf(o, 3));
    }

    @Test
    void malformedMessagesAreTheLayersOwnError() {
        assertThrows(ProtocolException.class, () -> RelpktCodec.decode(WireVectors.hex("20 00"), 0, 2, 123));
        assertThrows(ProtocolException.class, () -> RelpktCodec.decode(WireVectors.hex("50 00 00"), 0, 3, 123));
        assertThrows(ProtocolException.class, () -> RelpktCodec.decode(WireVectors.hex("10 00 10 00"), 0, 4, 123));
        assertThrows(ProtocolException.class, () -> RelpktCodec.decode(WireVectors.hex("30 01 01 02"), 0, 4, 123));
        assertThrows(ProtocolException.class, () -> RelpktCodec.decode(new byte[3 + 124], 0, 127, 123));
    }
}
