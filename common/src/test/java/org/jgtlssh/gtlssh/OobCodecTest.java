package org.jgtlssh.gtlssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gtlssh.OobDecoder.Direction;
import org.junit.jupiter.api.Test;

class OobCodecTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void windowSizeMatchesGtlsshsBytes() {
        // observed from gtlssh 2.6.2 in tmux: 33 rows, 90 cols, 1440 x 1056 px
        byte[] wire = hex("77 00 08 00 21 00 5a 05 a0 04 20");
        var m = new OobMessage.WindowSizeChange(new WindowSize(33, 90, 1440, 1056));
        assertArrayEquals(wire, OobEncoder.encode(m));
        assertEquals(List.of(m), new OobDecoder(Direction.TO_SERVER).feed(wire, 0, wire.length));
    }

    @Test
    void remoteForwardMatchesGtlsshsBytes() {
        // observed: -R 127.0.0.1:9366:localhost:9363
        byte[] wire = hex("72 00 17 30303030 7463702c3132372e302e302e312c39333636 00");
        var m = new OobMessage.RemoteForwardRequest("0000", "tcp,127.0.0.1,9366");
        assertArrayEquals(wire, OobEncoder.encode(m));
        assertEquals(List.of(m), new OobDecoder(Direction.TO_SERVER).feed(wire, 0, wire.length));
    }

    @Test
    void clientSideSeesTheReadyByteThenFrames() {
        OobDecoder d = new OobDecoder(Direction.TO_CLIENT);
        byte[] a = OobEncoder.encode(new OobMessage.ExtensionsAccepted(EnumSet.of(Feature.STDERR, Feature.EXIT_STATUS)));
        byte[] e = OobEncoder.encode(new OobMessage.Stderr("oops\n".getBytes()));
        byte[] x = OobEncoder.encode(new OobMessage.Exit(ExitStatus.killedBy(2)));
        byte[] all = concat(OobEncoder.ready(), a, e, x);
        List<OobMessage> got = new ArrayList<>();
        for (byte bb : all) { // one byte at a time: every split point
            got.addAll(d.feed(new byte[] {bb}, 0, 1));
        }
        assertEquals(List.of(new OobMessage.Ready(),
                new OobMessage.ExtensionsAccepted(EnumSet.of(Feature.STDERR, Feature.EXIT_STATUS)),
                new OobMessage.Stderr("oops\n".getBytes()), new OobMessage.Exit(ExitStatus.killedBy(2))), got);
        assertEquals(130, ExitStatus.killedBy(2).shellStatus());
    }

    @Test
    void exitFrameLayout() {
        assertArrayEquals(hex("78 0005 00 00000003"), OobEncoder.encode(new OobMessage.Exit(ExitStatus.exited(3))));
        assertArrayEquals(hex("78 0005 01 00000009"), OobEncoder.encode(new OobMessage.Exit(ExitStatus.killedBy(9))));
        assertArrayEquals(hex("45 0000"), OobEncoder.encode(new OobMessage.EndOfInput()));
        assertArrayEquals(hex("6b 0004 01020304"), OobEncoder.encode(new OobMessage.Ping(0x01020304)));
    }

    @Test
    void unknownAndOversizedMessagesAreSkippedWithoutStoringThem() {
        OobDecoder d = new OobDecoder(Direction.TO_SERVER);
        byte[] big = new byte[3 + 65535];
        big[0] = 'z';
        big[1] = (byte) 0xff;
        big[2] = (byte) 0xff;
        byte[] wrongW = hex("77 0002 0102");
        byte[] ok = hex("77 00 08 00 14 00 46 04 60 02 80");
        List<OobMessage> got = d.feed(concat(big, wrongW, ok), 0, big.length + wrongW.length + ok.length);
        assertEquals(List.of(new OobMessage.Unknown('z', 65535), new OobMessage.Unknown('w', 2),
                new OobMessage.WindowSizeChange(new WindowSize(20, 70, 1120, 640))), got);
        assertTrue(d.maxStored() < 2048);
    }

    @Test
    void serverDoesNotAcceptServerToClientMessages() {
        byte[] x = OobEncoder.encode(new OobMessage.Exit(ExitStatus.exited(0)));
        assertEquals(List.of(new OobMessage.Unknown('x', 5)), new OobDecoder(Direction.TO_SERVER).feed(x, 0, x.length));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] r = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, at, p.length);
            at += p.length;
        }
        return r;
    }
}
