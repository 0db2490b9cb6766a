package org.jgtlssh.gensio.mux;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jgtlssh.gensio.ProtocolException;

/** Properties of the codec and the receive buffer. */
class MuxCodecProperties {

    @Provide
    Arbitrary<MuxMessage> messages() {
        Arbitrary<Integer> id = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xffffffffL);
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).map(MuxMessage.Init::new),
                Combinators.combine(id, u32, payload).as(MuxMessage.NewChannel::new),
                Combinators.combine(id, u32, id, id).as(MuxMessage.NewChannelRsp::new),
                Combinators.combine(id, id).as(MuxMessage.Close::new),
                Combinators.combine(id, Arbitraries.of(true, false), Arbitraries.of(true, false), u32, payload)
                        .as((c, o, e, a, d) -> new MuxMessage.Data(c, o && d.length > 0, e && d.length > 0, a, d)));
    }

    @Provide
    Arbitrary<List<MuxMessage>> messageLists() {
        return messages().list().ofMaxSize(20);
    }

    @Property(tries = 500)
    void encodeThenDecodeGivesTheSameMessage(@ForAll("messages") MuxMessage m) throws Exception {
        byte[] b = MuxCodec.encode(m);
        MuxCodec.Decoded d = MuxCodec.decode(b, 0, b.length);
        assert d.length() == b.length;
        assert d.message().equals(m) : d.message() + " != " + m;
    }

    @Property(tries = 200)
    void aStreamSplitAnywhereDecodesToTheSameMessages(@ForAll("messageLists") List<MuxMessage> ms,
            @ForAll @IntRange(min = 1, max = 50) int chunk) throws Exception {
        byte[] stream = new byte[0];
        for (MuxMessage m : ms) {
            byte[] b = MuxCodec.encode(m);
            stream = Arrays.copyOf(stream, stream.length + b.length);
            System.arraycopy(b, 0, stream, stream.length - b.length, b.length);
        }
        // feed the bytes chunk by chunk, as a network would
        List<MuxMessage> got = new ArrayList<>();
        int start = 0;
        for (int end = Math.min(chunk, stream.length); ; end = Math.min(end + chunk, stream.length)) {
            MuxCodec.Decoded d;
            while ((d = MuxCodec.decode(stream, start, end - start)) != null) {
                got.add(d.message());
                start += d.length();
            }
            if (end == stream.length) {
                break;
            }
        }
        assert start == stream.length;
        assert got.equals(ms);
    }

    @Property(tries = 1000)
    void anyBytesGiveABoundedMessageOrTheLayersOwnError(@ForAll @Size(max = 200) byte[] data) {
        try {
            MuxCodec.Decoded d = MuxCodec.decode(data, 0, data.length);
            assert d == null || (d.length() > 0 && d.length() <= data.length);
        } catch (ProtocolException expected) {
            assert expected.getMessage().startsWith("mux: ");
        }
    }

    /** The ring buffer behaves like a plain queue of messages and never holds more than its bound. */
    @Property(tries = 300)
    void channelBufferMatchesAQueueModel(@ForAll @Size(max = 60) List<@IntRange(min = -40, max = 200) Integer> ops) {
        int max = 1000;
        ChannelBuffer buf = new ChannelBuffer(max);
        record Msg(byte[] data, boolean oob, boolean eom) {}
        ArrayDeque<Msg> model = new ArrayDeque<>();
        int modelBytes = 0;
        byte next = 0;
        for (int op : ops) {
            if (op > 0) {
                if (modelBytes + op > max) {
                    continue; // the window check (in the connection) forbids this
                }
                byte[] m = new byte[op];
                for (int i = 0; i < op; i++) {
                    m[i] = next++;
                }
                buf.append(m, 0, op, op % 3 == 0, op % 2 == 0);
                model.add(new Msg(m, op % 3 == 0, op % 2 == 0));
                modelBytes += op;
            } else if (!model.isEmpty()) {
                Msg head = model.poll();
                assert buf.headOob() == head.oob() && buf.headEom() == head.eom();
                assert buf.headRemaining() == head.data().length;
                int want = Math.max(1, -op);
                byte[] out = new byte[want];
                int n = buf.take(out, 0, want);
                assert n == Math.min(want, head.data().length);
                assert Arrays.equals(Arrays.copyOf(out, n), Arrays.copyOf(head.data(), n));
                if (n < head.data().length) {
                    model.addFirst(new Msg(Arrays.copyOfRange(head.data(), n, head.data().length), head.oob(), head.eom()));
                }
                modelBytes -= n;
            }
            assert buf.bytes() == modelBytes && buf.bytes() <= max;
            assert buf.messages() == model.size();
        }
    }
}
