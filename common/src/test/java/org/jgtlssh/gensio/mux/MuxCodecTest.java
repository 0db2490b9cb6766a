package org.jgtlssh.gensio.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jgtlssh.gensio.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MuxCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<MuxVectors.Captured> complete() throws Exception {
        return MuxVectors.all().stream().filter(MuxVectors.Captured::complete);
    }

    static Stream<MuxVectors.Captured> elided() throws Exception {
        return MuxVectors.all().stream().filter(c -> !c.complete());
    }

    @Test
    void everyVectorFileHasMessages() throws Exception {
        assertEquals(8, MuxVectors.files().size());
        for (var f : MuxVectors.files()) {
            assertTrue(MuxVectors.read(f).size() >= 3, f.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("complete")
    void decodeReadsTheCapturedBytesAndEncodeGivesThemBack(MuxVectors.Captured c) throws Exception {
        MuxCodec.Decoded d = MuxCodec.decode(c.bytes(), 0, c.bytes().length);
        assertEquals(c.bytes().length, d.length(), "one whole message");
        assertArrayEquals(c.bytes(), MuxCodec.encode(d.message()));
        // every proper prefix is "need more", never an error
        for (int n = 0; n < c.bytes().length; n++) {
            assertNull(MuxCodec.decode(c.bytes(), 0, n));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elided")
    void elidedDataMessagesHaveAValidHeaderAndNeedMoreBytes(MuxVectors.Captured c) throws Exception {
        assertNull(MuxCodec.decode(c.bytes(), 0, c.bytes().length));
        int declared = MuxCodec.u16(c.bytes(), 8);
        byte[] full = Arrays.copyOf(c.bytes(), 10 + declared);
        var d = MuxCodec.decode(full, 0, full.length);
        MuxMessage.Data data = assertInstanceOf(MuxMessage.Data.class, d.message());
        assertEquals(declared, data.data().length);
        assertArrayEquals(full, MuxCodec.encode(data));
    }

    @Test
    void aWholeCapturedStreamDecodesToItsEnd() throws Exception {
        List<MuxVectors.Captured> msgs = MuxVectors.read(org.jgtlssh.testutil.TestPaths.vectors()
                .resolve("mux-multichannel.txt"));
        byte[] stream = msgs.stream().filter(MuxVectors.Captured::clientToServer)
                .map(MuxVectors.Captured::bytes).reduce(new byte[0], MuxCodecTest::concat);
        int off = 0;
        int count = 0;
        while (off < stream.length) {
            off += MuxCodec.decode(stream, off, stream.length - off).length();
            count++;
        }
        assertEquals(msgs.stream().filter(MuxVectors.Captured::clientToServer).count(), count);
    }

    @Test
    void fieldsOfTheSpecExamples() throws Exception {
        assertEquals(new MuxMessage.NewChannel(0, 16384, "svc-main".getBytes()),
                dec("2200000000004000" + "0008" + "7376632d6d61696e"));
        assertEquals(new MuxMessage.NewChannelRsp(2, 1024, 2, MuxErrors.NOTSUP), dec("330000020000040000020002"));
        assertEquals(new MuxMessage.Close(1, 0), dec("4200000100000000"));
        assertEquals(new MuxMessage.Data(0, true, true, 0, "XY".getBytes()), dec("520300000000000000025859"));
        assertEquals(new MuxMessage.Data(0, false, false, 12, new byte[0]), dec("520000000000000c0000"));
        assertEquals(new MuxMessage.Init(1), dec("11000100"));
    }

    @Test
    void aLongerHeaderIsAcceptedAndItsExtraBytesIgnored() throws Exception {
        // DATA with a 3-word header: 4 extra header bytes before the length
        var d = MuxCodec.decode(HEX.parseHex("530100070000000cdeadbeef000141"), 0, 15);
        assertEquals(new MuxMessage.Data(7, false, true, 12, new byte[] {'A'}), d.message());
        assertEquals(15, d.length());
        assertEquals(new MuxMessage.Init(1), dec("12000100ffffffff"));
    }

    @Test
    void malformedHeadersAreProtocolErrors() {
        for (String bad : List.of("01", "61", "f2", "10", "14", "21000000", "32000000", "41000000")) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> MuxCodec.decode(HEX.parseHex(bad + "00000000000000000000"), 0, 14), bad);
            assertTrue(e.getMessage().startsWith("mux: "), e.getMessage());
        }
    }

    @Test
    void encodeRefusesWhatDoesNotFitTheFields() {
        assertThrows(IllegalArgumentException.class, () -> MuxCodec.encode(
                new MuxMessage.Data(0, false, false, 0, new byte[65536])));
        assertThrows(IllegalArgumentException.class, () -> MuxCodec.encode(
                new MuxMessage.Close(65536, 0)));
        assertThrows(IllegalArgumentException.class, () -> MuxCodec.encode(
                new MuxMessage.NewChannelRsp(0, 1L << 32, 0, 0)));
    }

    private static MuxMessage dec(String hex) throws Exception {
        byte[] b = HEX.parseHex(hex);
        var d = MuxCodec.decode(b, 0, b.length);
        assertEquals(b.length, d.length());
        return d.message();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
