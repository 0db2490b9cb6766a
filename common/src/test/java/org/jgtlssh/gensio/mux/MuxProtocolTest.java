package org.jgtlssh.gensio.mux;

import static org.jgtlssh.testutil.GensioIo.readN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our mux against a hand-driven peer: the interop traps of spec/mux.md and every protocol error. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MuxProtocolTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final OpenContext ctx = OpenContext.of(new GensioListener() {
        @Override
        public void event(String layer, String event, Map<String, Object> data) {
            events.add(event);
        }
    });

    private static <T> CompletableFuture<T> async(IoCall<T> c) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.call();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    /** Our client opening its first channel, and the raw server that has its NEW_CHANNEL and owes a response. */
    private record ClientSide(CompletableFuture<MuxChannel> first, RawPeer raw) {}

    private ClientSide clientAwaitingFirstResponse() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<MuxChannel> c = async(() -> MuxFactory.open(p[0], MuxOptions.defaults(Role.CLIENT), ctx));
        RawPeer raw = new RawPeer(p[1]);
        raw.next(MuxMessage.Init.class);
        raw.send(new MuxMessage.Init(1));
        raw.next(MuxMessage.NewChannel.class);
        return new ClientSide(c, raw);
    }

    /** Our server with a raw client that has opened channel 7 with service "my-service". */
    private record ServerSide(MuxChannel ch, RawPeer raw) {}

    private ServerSide server() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<MuxChannel> s = async(() -> MuxFactory.open(p[1], MuxOptions.defaults(Role.SERVER), ctx));
        RawPeer raw = new RawPeer(p[0]);
        assertEquals(new MuxMessage.Init(1), raw.next());
        raw.send(new MuxMessage.Init(1));
        raw.send(new MuxMessage.NewChannel(7, 4096, "my-service".getBytes()));
        assertEquals(new MuxMessage.NewChannelRsp(7, 1024, 0, 0), raw.next());
        return new ServerSide(s.get(10, TimeUnit.SECONDS), raw);
    }

    @Test
    void theClientWaitsForThePeersInitBeforeItsFirstOpen() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<MuxChannel> c = async(() -> MuxFactory.open(p[0], MuxOptions.defaults(Role.CLIENT), ctx));
        RawPeer raw = new RawPeer(p[1]);
        assertEquals(new MuxMessage.Init(1), raw.next());
        // a gensio server would lose its own INIT if the open came now (vectors/mux-pipelined-open-loses-init.txt)
        assertNull(raw.within(Duration.ofMillis(300)));
        raw.send(new MuxMessage.Init(1));
        assertEquals(new MuxMessage.NewChannel(0, 16384, new byte[0]), raw.next());
        raw.send(new MuxMessage.NewChannelRsp(0, 1024, 42, 0));
        MuxChannel ch = c.get(10, TimeUnit.SECONDS);
        ch.write("x".getBytes());
        assertEquals(new MuxMessage.Data(42, false, false, 0, "x".getBytes()), raw.next());
    }

    @Test
    void aServerMayOpenItsOwnChannelRightBehindTheFirstResponse() throws Exception {
        ClientSide cs = clientAwaitingFirstResponse();
        CompletableFuture<MuxChannel> c = cs.first();
        RawPeer raw = cs.raw();
        // one write: the response and the server's own open request
        raw.sendHex("330000000000040000000000" + "2200000500001000000466776431");
        MuxChannel first = c.get(10, TimeUnit.SECONDS);
        assertEquals("fwd1", first.session().acceptChannel(Duration.ofSeconds(10)).service());
        assertEquals(0, raw.next(MuxMessage.NewChannelRsp.class).error());
    }

    @Test
    void onlyOneOpenIsOutstandingAtATimeAndTheOthersQueue() throws Exception {
        ClientSide cs = clientAwaitingFirstResponse();
        CompletableFuture<MuxChannel> c = cs.first();
        RawPeer raw = cs.raw();
        raw.send(new MuxMessage.NewChannelRsp(0, 1024, 0, 0));
        MuxSession session = c.get(10, TimeUnit.SECONDS).session();
        CompletableFuture<MuxChannel> a = async(() -> session.openChannel("a"));
        CompletableFuture<MuxChannel> b = async(() -> session.openChannel("b"));
        MuxMessage.NewChannel firstReq = raw.next(MuxMessage.NewChannel.class);
        assertNull(raw.within(Duration.ofMillis(300)), "a second open before the first is answered");
        raw.send(new MuxMessage.NewChannelRsp(firstReq.senderId(), 1024, 1, 0));
        MuxMessage.NewChannel secondReq = raw.next(MuxMessage.NewChannel.class);
        raw.send(new MuxMessage.NewChannelRsp(secondReq.senderId(), 1024, 2, 0));
        assertEquals(List.of("a", "b").stream().sorted().toList(),
                List.of(a.get(10, TimeUnit.SECONDS).service(), b.get(10, TimeUnit.SECONDS).service()).stream().sorted().toList());
    }

    @Test
    void theFirstChannelsServiceIsNotAckedButLaterOnesAre() throws Exception {
        ServerSide s = server();
        assertEquals("my-service", s.ch().service());
        s.raw().send(new MuxMessage.Data(0, false, true, 0, "hello from an independent mux".getBytes()));
        assertEquals(29, readN(s.ch(), 29).length);
        assertEquals(new MuxMessage.Data(7, false, false, 32, new byte[0]), s.raw().next(), "29 + 3, no service");
        s.raw().send(new MuxMessage.NewChannel(8, 4096, "second".getBytes()));
        MuxMessage.NewChannelRsp rsp = s.raw().next(MuxMessage.NewChannelRsp.class);
        assertEquals(0, rsp.error());
        assertEquals(new MuxMessage.Data(8, false, false, 6, new byte[0]), s.raw().next(), "the service, right after the RSP");
        assertEquals("second", s.ch().session().acceptChannel().service());
    }

    @Test
    void aPeerCloseIsAnsweredWithTheSameCodeOnceTheDataIsRead() throws Exception {
        ServerSide s = server();
        s.raw().send(new MuxMessage.Data(0, false, false, 0, "tail".getBytes()));
        s.raw().send(new MuxMessage.Close(0, 0));
        assertNull(s.raw().within(Duration.ofMillis(200)), "no CLOSE while unread data remains");
        assertEquals("tail", new String(readN(s.ch(), 4)));
        assertEquals(-1, s.ch().read(new byte[10], 0, 10));
        assertEquals(new MuxMessage.Close(7, 0), s.raw().next());
        s.ch().close();
        assertSame(RawPeer.EOF, s.raw().next(), "no channel left: the layer below is closed");
    }

    @Test
    void aRefusalWithoutAValidWindowIsAProtocolErrorAsInGensio() throws Exception {
        ClientSide cs = clientAwaitingFirstResponse();
        CompletableFuture<MuxChannel> c = cs.first();
        RawPeer raw = cs.raw();
        raw.send(new MuxMessage.NewChannelRsp(0, 0, 0, MuxErrors.NOMEM));
        ExecutionException e = assertThrows(ExecutionException.class, () -> c.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ProtocolException.class, e.getCause().getCause());
    }

    @Test
    void anythingBeforeTheInitFailsTheOpen() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<MuxChannel> s = async(() -> MuxFactory.open(p[1], MuxOptions.defaults(Role.SERVER), ctx));
        RawPeer raw = new RawPeer(p[0]);
        raw.send(new MuxMessage.NewChannel(0, 4096, new byte[0]));
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause().getMessage().contains("before INIT"), e.getCause().getCause().getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "second INIT, 11000100",
        "unknown message type, 62000000000000000000",
        "header of 0 words, 50000000",
        "too short header for RSP, 32000000000000000000",
        "DATA for an unknown channel, 5200000500000000000141",
        "ack beyond what is in flight, 52000000000000010000",
        "CLOSE for an unknown channel, 4200000900000000",
        "unsolicited open response, 330000000000040000000000",
        "open with a window of 128, 2200000800000080000178",
        "open reusing a live peer id, 2200000700001000000178",
        "second CLOSE for a channel, 2200000800001000000178 4200000100000000 4200000100000000",
        "DATA after the peer's CLOSE, 2200000800001000000178 4200000100000000 52000001000000000001ff",
    })
    void protocolErrorsEndTheWholeMux(String what, String hex) throws Exception {
        ServerSide s = server();
        s.raw().sendHex(hex.replace(" ", ""));
        IOException e = assertThrows(IOException.class, () -> {
            while (s.ch().read(new byte[100], 0, 100) >= 0) {
                // drain; a clean end would be a failure of this test
            }
        }, what);
        assertInstanceOf(ProtocolException.class, e, what + ": " + e);
        // answers queued before the error may still arrive; then the connection below is closed
        Object m;
        int answers = 0;
        while ((m = s.raw().next()) != RawPeer.EOF) {
            assertTrue(++answers < 5, "unexpected traffic after a protocol error: " + m);
        }
        assertTrue(events.contains("protocol-error"));
        assertThrows(IOException.class, () -> s.ch().write("x".getBytes()));
    }

    @Test
    void aPeerThatOverrunsTheWindowIsCutOff() throws Exception {
        ServerSide s = server(); // our window is 1024
        byte[] big = new byte[1022]; // 1022 + 3 > 1024
        s.raw().send(new MuxMessage.Data(0, false, false, 0, big));
        IOException e = assertThrows(IOException.class, () -> s.ch().read(new byte[2000], 0, 2000));
        assertTrue(e.getMessage().contains("overran the window"), e.getMessage());
    }

    @Test
    void aLongerHeaderAndUnknownFlagBitsAreAccepted() throws Exception {
        ServerSide s = server();
        s.raw().sendHex("53f10000" + "00000000" + "cafebabe" + "0002" + "6f6b");
        assertEquals("ok", new String(readN(s.ch(), 2)));
    }
}
