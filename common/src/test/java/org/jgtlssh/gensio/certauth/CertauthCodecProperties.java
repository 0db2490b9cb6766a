package org.jgtlssh.gensio.certauth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jgtlssh.gensio.ProtocolException;

/** Properties of the certauth codec: valid messages round-trip in any pieces; junk only gives ProtocolException. */
class CertauthCodecProperties {

    @Provide
    Arbitrary<CertauthMessage> messages() {
        Arbitrary<CertauthMessage.Element> element = Combinators.combine(
                Arbitraries.integers().between(CertauthMessage.VERSION, CertauthMessage.AUX_DATA),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(CertauthMessage.MAX_ELEMENT))
                .as((id, v) -> switch (id) {
                    case CertauthMessage.VERSION, CertauthMessage.RESULT, CertauthMessage.PASSWORD_TYPE ->
                            CertauthMessage.Element.u16(id, 1 + Math.floorMod(v[0], 1000));
                    default -> new CertauthMessage.Element(id, v);
                });
        return Combinators.combine(Arbitraries.integers().between(1, 6), element.list().ofMaxSize(8)).as((type, els) -> {
            Set<Integer> seen = new HashSet<>();
            List<CertauthMessage.Element> unique = new ArrayList<>();
            for (CertauthMessage.Element e : els) {
                if (e.id() == CertauthMessage.DUMMY_DATA || seen.add(e.id())) {
                    unique.add(e);
                }
            }
            return new CertauthMessage(type, unique);
        });
    }

    @Property(tries = 300)
    void validMessagesRoundTripInAnyPieces(@ForAll("messages") CertauthMessage m, @ForAll @IntRange(min = 1, max = 5000) int piece)
            throws ProtocolException {
        byte[] wire = m.encode();
        byte[] trailing = {42, 43};
        byte[] stream = new byte[wire.length + trailing.length];
        System.arraycopy(wire, 0, stream, 0, wire.length);
        System.arraycopy(trailing, 0, stream, wire.length, trailing.length);
        CertauthDecoder d = new CertauthDecoder();
        int p = 0;
        while (d.message() == null) {
            p += d.feed(stream, p, Math.min(piece, stream.length - p));
        }
        assertEquals(wire.length, p, "stops right after END; the rest is application data");
        CertauthMessage back = d.take();
        assertEquals(m.type(), back.type());
        assertArrayEquals(wire, back.encode());
        assertTrue(d.idle());
    }

    @Property(tries = 1000)
    void arbitraryBytesGiveAMessageOrAProtocolErrorOnly(@ForAll @Size(max = 3000) byte[] junk) {
        CertauthDecoder d = new CertauthDecoder();
        try {
            int used = d.feed(junk, 0, junk.length);
            assertTrue(used <= junk.length);
        } catch (ProtocolException expected) {
            // the only failure allowed
        }
    }
}
