package org.jgtlssh.gtlssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gtlssh.OobDecoder.Direction;

/** Round trips, split invariance and "never more than the bound" for the gtlssh codecs. */
class GtlsshCodecProperties {

    @Property(tries = 300)
    void programRequestsRoundTrip(@ForAll("argv") List<String> argv, @ForAll("offers") ExtensionOffer offer)
            throws ProtocolException {
        SessionRequest req = new SessionRequest.Program(argv);
        var d = SessionRequestCodec.decode(SessionRequestCodec.encode(req, offer));
        assertEquals(req, d.request());
        assertEquals(offer, d.offer());
    }

    @Property(tries = 300)
    void loginRequestsRoundTrip(@ForAll("env") List<String> env, @ForAll("offers") ExtensionOffer offer)
            throws ProtocolException {
        SessionRequest req = new SessionRequest.Login(env);
        var d = SessionRequestCodec.decode(SessionRequestCodec.encode(req, offer));
        assertEquals(req, d.request());
        assertEquals(offer, d.offer());
    }

    @Property(tries = 300)
    void gensioSeesOnlyTheListBeforeTheTrailer(@ForAll("argv") List<String> argv, @ForAll("offers") ExtensionOffer offer)
            throws ProtocolException {
        // what gensio's parser sees: the items up to the first empty one; the trailer never changes them
        byte[] with = SessionRequestCodec.encode(new SessionRequest.Program(argv), offer);
        byte[] without = SessionRequestCodec.encode(new SessionRequest.Program(argv), null);
        assertEquals(SessionRequestCodec.decode(without).request(), SessionRequestCodec.decode(with).request());
    }

    @Property(tries = 300)
    void oobStreamDecodesTheSameHoweverItIsSplit(@ForAll("toServer") List<OobMessage> msgs,
            @ForAll @IntRange(min = 1, max = 40) int chunk) {
        List<byte[]> frames = new ArrayList<>();
        for (OobMessage m : msgs) {
            frames.add(OobEncoder.encode(m));
        }
        byte[] all = OobCodecTest.concat(frames.toArray(byte[][]::new));
        OobDecoder d = new OobDecoder(Direction.TO_SERVER);
        List<OobMessage> got = new ArrayList<>();
        for (int i = 0; i < all.length; i += chunk) {
            got.addAll(d.feed(all, i, Math.min(chunk, all.length - i)));
        }
        assertEquals(msgs, got);
    }

    @Property(tries = 200)
    void serverToClientRoundTrip(@ForAll @Size(max = 300) byte[] stderr, @ForAll @IntRange(min = 0, max = 255) int code,
            @ForAll @IntRange(min = 1, max = 7) int chunk) {
        List<OobMessage> msgs = List.of(new OobMessage.Ready(),
                new OobMessage.ExtensionsAccepted(EnumSet.allOf(Feature.class)), new OobMessage.Stderr(stderr),
                new OobMessage.Pong(code), new OobMessage.Exit(ExitStatus.exited(code)));
        List<byte[]> frames = new ArrayList<>();
        for (OobMessage m : msgs) {
            frames.add(OobEncoder.encode(m));
        }
        byte[] all = OobCodecTest.concat(frames.toArray(byte[][]::new));
        OobDecoder d = new OobDecoder(Direction.TO_CLIENT);
        List<OobMessage> got = new ArrayList<>();
        for (int i = 0; i < all.length; i += chunk) {
            got.addAll(d.feed(all, i, Math.min(chunk, all.length - i)));
        }
        assertEquals(msgs, got);
    }

    @Provide
    Arbitrary<List<String>> argv() {
        return Arbitraries.strings().ofMinLength(0).ofMaxLength(20).excludeChars('\0')
                .filter(s -> !s.isEmpty() || true).list().ofMinSize(1).ofMaxSize(8)
                .filter(l -> !l.get(0).isEmpty());
    }

    @Provide
    Arbitrary<List<String>> env() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(20).excludeChars('\0').list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<ExtensionOffer> offers() {
        Arbitrary<Set<Feature>> fs = Arbitraries.of(Feature.class).set();
        Arbitrary<Map<String, String>> env = Combinators.combine(
                        Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().ofMaxLength(12).excludeChars('\0'))
                .as(Map::entry).list().ofMaxSize(4).map(l -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    l.forEach(e -> m.putIfAbsent(e.getKey(), e.getValue()));
                    return m;
                });
        return Combinators.combine(fs, env).as(ExtensionOffer::new).injectNull(0.2);
    }

    @Provide
    Arbitrary<List<OobMessage>> toServer() {
        Arbitrary<OobMessage> w = Combinators.combine(Arbitraries.integers().between(0, 65535),
                        Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 65535),
                        Arbitraries.integers().between(0, 65535))
                .as((a, b, c, e) -> new OobMessage.WindowSizeChange(new WindowSize(a, b, c, e)));
        Arbitrary<OobMessage> r = Combinators.combine(Arbitraries.integers().between(0, 9999),
                        Arbitraries.strings().ofMaxLength(40).excludeChars('\0'))
                .as((id, acc) -> new OobMessage.RemoteForwardRequest(String.format("%04d", id), acc));
        Arbitrary<OobMessage> e = Arbitraries.just(new OobMessage.EndOfInput());
        Arbitrary<OobMessage> k = Arbitraries.integers().map(OobMessage.Ping::new);
        return Arbitraries.oneOf(w, r, e, k).list().ofMaxSize(10);
    }
}
