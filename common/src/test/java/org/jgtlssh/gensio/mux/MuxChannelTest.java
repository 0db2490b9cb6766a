package org.jgtlssh.gensio.mux;

import static org.awaitility.Awaitility.await;
import static org.jgtlssh.gensio.mux.MuxPair.readPiece;
import static org.jgtlssh.testutil.GensioIo.random;
import static org.jgtlssh.testutil.GensioIo.readAll;
import static org.jgtlssh.testutil.GensioIo.readN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.testutil.Accepting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our mux against our mux over an in-memory pipe. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MuxChannelTest {

    private static CompletableFuture<Void> writeAsync(MuxChannel ch, byte[] data, int flags) {
        return CompletableFuture.runAsync(() -> {
            try {
                ch.write(data, 0, data.length, flags);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void firstChannelCarriesDataBothWaysAndTellsItsService() throws Exception {
        try (MuxPair p = new MuxPair(MuxOptions.defaults(Role.CLIENT).withService("svc-main".getBytes()),
                MuxOptions.defaults(Role.SERVER))) {
            assertEquals("svc-main", p.server.get(Controls.SERVICE).orElseThrow());
            assertEquals("svc-main", p.client.get(Controls.SERVICE).orElseThrow());
            assertTrue(p.server.isFirst());
            assertEquals(p.server.session(), p.server.get(MuxSession.CONTROL).orElseThrow());
            p.client.write("hello mux".getBytes());
            assertEquals("hello mux", new String(readN(p.server, 9)));
            p.server.write("hello back".getBytes());
            assertEquals("hello back", new String(readN(p.client, 10)));
            // the wire starts exactly as the capture of gensio does: INIT, then the open request
            List<MuxMessage> c = MuxPair.frames(p.clientWire);
            assertEquals(new MuxMessage.Init(1), c.get(0));
            assertEquals(new MuxMessage.NewChannel(0, 16384, "svc-main".getBytes()), c.get(1));
            assertEquals(new MuxMessage.NewChannelRsp(0, 1024, 0, 0), MuxPair.frames(p.serverWire).get(1));
        }
    }

    @Test
    void overTcpTheFirstServiceComesFromTheOpenContextWithItsNuls() throws Exception {
        byte[] request = "login:TERM=xterm\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String stack = "mux(writebuf=65496,readbuf=1048128),tcp,127.0.0.1,";
        try (org.jgtlssh.gensio.Accepter acc = org.jgtlssh.gensio.Gensios.accepter(stack + "0")) {
            CompletableFuture<org.jgtlssh.gensio.Gensio> srv = Accepting.next(acc);
            org.jgtlssh.gensio.Gensio c = org.jgtlssh.gensio.Gensios.connect(stack + acc.port(),
                    OpenContext.DEFAULT.with(MuxSession.FIRST_SERVICE, request));
            MuxChannel s = (MuxChannel) srv.get(10, TimeUnit.SECONDS);
            assertArrayEquals(request, s.serviceBytes());
            assertEquals("login:TERM=xterm\0\0", s.get(Controls.SERVICE).orElseThrow());
            // a window-size change travels as OOB next to the terminal data
            c.write(new byte[] {'w', 0, 4, 0, 80, 0, 24}, 0, 7, WriteFlags.OOB);
            c.write("ls\n".getBytes());
            assertEquals(new MuxPair.Piece("w\0\4\0P\0\u0018", true, false), readPiece(s));
            assertEquals(new MuxPair.Piece("ls\n", false, false), readPiece(s));
            c.close();
            assertEquals(-1, s.read(new byte[1], 0, 1));
            s.close();
        }
    }

    @Test
    void eitherSideOpensFurtherChannelsWithAService() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            MuxChannel c2 = p.client.session().openChannel("second");
            MuxChannel s2 = p.server.session().acceptChannel();
            assertEquals("second", s2.service());
            MuxChannel s3 = p.server.session().openChannel("from-server");
            MuxChannel c3 = p.client.session().acceptChannel(Duration.ofSeconds(10));
            assertEquals("from-server", c3.get(Controls.SERVICE).orElseThrow());
            c2.write("two".getBytes());
            s3.write("three".getBytes());
            assertEquals("two", new String(readN(s2, 3)));
            assertEquals("three", new String(readN(c3, 5)));
            assertEquals(3, p.client.session().channelCount());
            assertNull(p.client.session().acceptChannel(Duration.ofMillis(1)));
        }
    }

    @Test
    void messagesStayWithinHalfTheWindowAndEveryByteIsAckedWithThreeMore() throws Exception {
        try (MuxPair p = MuxPair.defaults()) { // the accepter's window is 1024
            byte[] data = random(200_000, 1);
            CompletableFuture<Void> w = writeAsync(p.client, data, 0);
            assertArrayEquals(data, readN(p.server, data.length));
            w.get(10, TimeUnit.SECONDS);
            List<MuxMessage.Data> sent = MuxPair.frames(p.clientWire).stream()
                    .filter(m -> m instanceof MuxMessage.Data d && d.data().length > 0)
                    .map(MuxMessage.Data.class::cast).toList();
            int max = sent.stream().mapToInt(d -> d.data().length).max().orElseThrow();
            assertEquals(509, max, "window 1024 -> at most 1024/2 - 3 data bytes per message");
            long cost = sent.stream().mapToLong(d -> d.data().length + 3).sum();
            await().atMost(Duration.ofSeconds(10)).until(() -> MuxPair.frames(p.serverWire).stream()
                    .filter(m -> m instanceof MuxMessage.Data).mapToLong(m -> ((MuxMessage.Data) m).ack()).sum() == cost);
        }
    }

    @Test
    void gtlsshBufferSizesGiveMessagesOf65493Bytes() throws Exception {
        MuxOptions c = MuxOptions.defaults(Role.CLIENT).withBuffers(1048128, 65496);
        MuxOptions s = MuxOptions.defaults(Role.SERVER).withBuffers(1048128, 65496);
        try (MuxPair p = new MuxPair(c, s)) {
            byte[] data = random(1 << 20, 2);
            CompletableFuture<Void> w = writeAsync(p.client, data, 0);
            assertArrayEquals(data, readN(p.server, data.length));
            w.get(10, TimeUnit.SECONDS);
            int max = MuxPair.frames(p.clientWire).stream().filter(m -> m instanceof MuxMessage.Data)
                    .mapToInt(m -> ((MuxMessage.Data) m).data().length).max().orElseThrow();
            assertEquals(65493, max);
            assertEquals(new MuxMessage.NewChannel(0, 1048128, new byte[0]), MuxPair.frames(p.clientWire).get(1));
        }
    }

    @Test
    void aChannelWhoseReaderStopsNeverBlocksTheOthers() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            MuxChannel c2 = p.client.session().openChannel("busy");
            MuxChannel s2 = p.server.session().acceptChannel();
            byte[] stalled = random(100_000, 3);
            // nobody reads the first channel on the server: its writer must end up waiting for credit
            CompletableFuture<Void> blocked = writeAsync(p.client, stalled, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> p.server.rx.bytes() > 0
                    && MuxPair.frames(p.clientWire).stream().filter(m -> m instanceof MuxMessage.Data d
                            && d.channel() == 0).mapToInt(m -> ((MuxMessage.Data) m).data().length).sum() >= 1024 - 3 * 3);
            assertFalse(blocked.isDone());
            // meanwhile the other channel moves a megabyte each way
            byte[] a = random(1 << 20, 4);
            byte[] b = random(1 << 20, 5);
            CompletableFuture<Void> wa = writeAsync(c2, a, 0);
            CompletableFuture<Void> wb = writeAsync(s2, b, 0);
            assertArrayEquals(a, readN(s2, a.length));
            assertArrayEquals(b, readN(c2, b.length));
            wa.get(10, TimeUnit.SECONDS);
            wb.get(10, TimeUnit.SECONDS);
            assertFalse(blocked.isDone());
            assertTrue(p.server.rx.bytes() <= 1024, "the stalled channel buffers no more than its window");
            // the stalled reader wakes up: everything arrives
            assertArrayEquals(stalled, readN(p.server, stalled.length));
            blocked.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void manyChannelsOpenedFromBothSidesCarryDataBothWaysAndCloseInAnyOrder() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            int n = 12;
            List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                boolean fromClient = i % 2 == 0;
                MuxSession opener = (fromClient ? p.client : p.server).session();
                MuxSession acceptor = (fromClient ? p.server : p.client).session();
                CompletableFuture<MuxChannel> opened = CompletableFuture.supplyAsync(() -> {
                    try {
                        return opener.openChannel("ch" + k);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }, r -> Thread.ofVirtual().start(r));
                MuxChannel theirs = acceptor.acceptChannel(Duration.ofSeconds(10));
                MuxChannel ours = opened.get(10, TimeUnit.SECONDS);
                assertEquals("ch" + k, theirs.service());
                byte[] up = random(50_000 + k * 1000, k);
                byte[] down = random(40_000 + k * 1000, 100 + k);
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        CompletableFuture<Void> w1 = writeAsync(ours, up, 0);
                        CompletableFuture<Void> w2 = writeAsync(theirs, down, WriteFlags.END_OF_MESSAGE);
                        assertArrayEquals(up, readN(theirs, up.length));
                        assertArrayEquals(down, readN(ours, down.length));
                        w1.join();
                        w2.join();
                        // close order varies: opener first, acceptor first, or both at once
                        MuxChannel firstToClose = k % 3 == 0 ? ours : theirs;
                        MuxChannel other = firstToClose == ours ? theirs : ours;
                        if (k % 3 == 2) {
                            CompletableFuture<Void> c = CompletableFuture.runAsync(() -> {
                                try {
                                    firstToClose.close();
                                } catch (IOException e) {
                                    throw new RuntimeException(e);
                                }
                            });
                            other.close();
                            c.join();
                        } else {
                            firstToClose.close();
                            assertEquals(-1, other.read(new byte[1], 0, 1));
                            other.close();
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }, r -> Thread.ofVirtual().start(r)));
            }
            for (CompletableFuture<Void> f : all) {
                f.get(20, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> p.client.session().channelCount() == 1
                    && p.server.session().channelCount() == 1);
            p.client.write("first still works".getBytes());
            assertEquals("first still works", new String(readN(p.server, 17)));
        }
    }

    @Test
    void oobAndEndOfMessageFlagsArriveWithTheData() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            p.client.write("abc".getBytes(), 0, 3, WriteFlags.END_OF_MESSAGE);
            p.client.write("O".getBytes(), 0, 1, WriteFlags.OOB);
            p.client.write("def".getBytes());
            assertEquals(new MuxPair.Piece("abc", false, true), readPiece(p.server));
            assertEquals(new MuxPair.Piece("O", true, false), readPiece(p.server));
            assertEquals(new MuxPair.Piece("def", false, false), readPiece(p.server));
            // a write bigger than a message: EOM only on its last piece
            byte[] big = random(1500, 6);
            CompletableFuture<Void> w = writeAsync(p.client, big, WriteFlags.END_OF_MESSAGE); // > the window
            int got = 0;
            while (got < big.length) {
                MuxPair.Piece piece = readPiece(p.server);
                got += piece.text().length();
                assertEquals(got == big.length, piece.eom());
            }
            w.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void oobIsDroppedForAReaderThatDidNotAskForItButStillAcked() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            p.client.write("XY".getBytes(), 0, 2, WriteFlags.OOB | WriteFlags.END_OF_MESSAGE);
            p.client.write("data".getBytes());
            assertEquals("data", new String(readN(p.server, 4)));
            await().atMost(Duration.ofSeconds(10)).until(() -> MuxPair.frames(p.serverWire).stream()
                    .filter(m -> m instanceof MuxMessage.Data).mapToLong(m -> ((MuxMessage.Data) m).ack()).sum()
                    == (2 + 3) + (4 + 3));
        }
    }

    @Test
    void peerCloseDeliversWhatWasSentThenEndOfStream() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            MuxChannel c2 = p.client.session().openChannel("x");
            MuxChannel s2 = p.server.session().acceptChannel();
            byte[] data = random(3000, 7);
            s2.write(data);
            s2.close(); // returns once the client answered with its CLOSE (its buffer empties as it reads)
            assertArrayEquals(data, readAll(c2));
            assertThrows(GensioException.class, () -> c2.write("late".getBytes()));
            c2.close();
            // the first channel is untouched
            p.client.write("still".getBytes());
            assertEquals("still", new String(readN(p.server, 5)));
            // the client answered once (when its reader drained the channel); close() adds no second CLOSE
            await().atMost(Duration.ofSeconds(10)).until(() -> p.server.session().channelCount() == 1);
            long closes = MuxPair.frames(p.clientWire).stream().filter(m -> m instanceof MuxMessage.Close).count();
            assertEquals(1, closes, "one CLOSE per side per channel, never two");
        }
    }

    @Test
    void localCloseIsSeenAsEndOfStreamAndAnswered() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            MuxChannel c2 = p.client.session().openChannel("x");
            MuxChannel s2 = p.server.session().acceptChannel();
            c2.write("bye".getBytes());
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                try {
                    c2.close();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals("bye", new String(readAll(s2)));
            closing.get(10, TimeUnit.SECONDS);
            assertTrue(c2.isClosed());
            await().atMost(Duration.ofSeconds(10)).until(() -> p.client.session().channelCount() == 1);
            assertEquals(new MuxMessage.Close(c2.id(), 0), MuxPair.frames(p.serverWire).stream()
                    .filter(m -> m instanceof MuxMessage.Close).findFirst().orElseThrow());
        }
    }

    @Test
    void bothSidesClosingAtOnceIsClean() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            MuxChannel c2 = p.client.session().openChannel("x");
            MuxChannel s2 = p.server.session().acceptChannel();
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> {
                try {
                    c2.close();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            s2.close();
            a.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> p.client.session().channelCount() == 1
                    && p.server.session().channelCount() == 1);
            for (MuxPair.Tap t : List.of(p.clientWire, p.serverWire)) {
                assertEquals(1, MuxPair.frames(t).stream().filter(m -> m instanceof MuxMessage.Close).count());
            }
            p.server.write("ok".getBytes());
            assertEquals("ok", new String(readN(p.client, 2)));
        }
    }

    @Test
    void closingTheLastChannelClosesTheConnectionOnBothSides() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            p.client.write("last words".getBytes());
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                try {
                    p.client.close();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals("last words", new String(readAll(p.server)));
            p.server.close();
            closing.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> p.clientWire.closed.get() && p.serverWire.closed.get());
            assertFalse(p.client.session().isOpen());
            assertFalse(p.server.session().isOpen());
            assertThrows(GensioException.class, () -> p.client.session().openChannel("too late"));
            // each end reports its counters once, through the listener
            await().atMost(Duration.ofSeconds(10)).until(() -> p.stats.size() == 2);
            assertTrue(p.stats.stream().allMatch(m -> m.get("bytes-out") > 10 && m.get("channels-opened") == 1), p.stats.toString());
            assertTrue(p.events.stream().anyMatch(e -> e.startsWith("channel-close")), p.events.toString());
        }
    }

    @Test
    void abortOfTheLastChannelDropsTheConnectionAndThePeerSeesAnError() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            p.client.abort();
            assertThrows(GensioException.class, () -> readN(p.server, 1));
            assertTrue(p.server.isClosed());
        }
    }

    @Test
    void refusedChannelsGetAnErrorAndTheMuxLivesOn() throws Exception {
        try (MuxPair p = MuxPair.defaults()) {
            p.server.session().setIncomingFilter(s -> !s.equals("reject-me"));
            MuxRefusedException e = assertThrows(MuxRefusedException.class,
                    () -> p.client.session().openChannel("reject-me"));
            assertEquals(MuxErrors.NOTSUP, e.code());
            MuxMessage.NewChannelRsp rsp = MuxPair.frames(p.serverWire).stream()
                    .filter(m -> m instanceof MuxMessage.NewChannelRsp r && r.error() != 0)
                    .map(MuxMessage.NewChannelRsp.class::cast).findFirst().orElseThrow();
            assertTrue(rsp.window() > 128, "a refusal still carries a valid window");
            MuxChannel ok = p.client.session().openChannel("fine");
            assertEquals("fine", p.server.session().acceptChannel().service());
            ok.write("x".getBytes());
            assertTrue(p.events.stream().anyMatch(s -> s.startsWith("channel-refused")));
        }
    }

    @Test
    void channelLimitsRefuseLocallyAndRemotely() throws Exception {
        MuxOptions c = new MuxOptions(Role.CLIENT, 16384, 2048, 3, null);
        MuxOptions s = new MuxOptions(Role.SERVER, 1024, 1024, 2, null);
        try (MuxPair p = new MuxPair(c, s)) {
            p.client.session().openChannel("two");
            p.server.session().acceptChannel();
            // the server is full: it refuses with GE_INUSE (and a valid window), the mux lives on
            MuxRefusedException e = assertThrows(MuxRefusedException.class,
                    () -> p.client.session().openChannel("three"));
            assertEquals(MuxErrors.INUSE, e.code());
            // and it will not open one itself
            GensioException local = assertThrows(GensioException.class,
                    () -> p.server.session().openChannel("server-three"));
            assertTrue(local.getMessage().contains("too many channels"), local.getMessage());
            p.client.write("alive".getBytes());
            assertEquals("alive", new String(readN(p.server, 5)));
        }
    }

    @Test
    void theMemoryBudgetShrinksWindowsThenRefuses() throws Exception {
        OpenContext ctx = OpenContext.DEFAULT.with(MuxSession.MAX_BUFFERED, 40_000L);
        MuxOptions s = MuxOptions.defaults(Role.SERVER).withBuffers(16384, 1024);
        try (MuxPair p = new MuxPair(MuxOptions.defaults(Role.CLIENT).withBuffers(4096, 2048), s, ctx)) {
            p.client.session().openChannel("2");
            p.client.session().openChannel("3");
            MuxRefusedException e = assertThrows(MuxRefusedException.class, () -> p.client.session().openChannel("4"));
            assertEquals(MuxErrors.NOMEM, e.code());
            List<Long> windows = MuxPair.frames(p.serverWire).stream()
                    .filter(m -> m instanceof MuxMessage.NewChannelRsp r && r.error() == 0)
                    .map(m -> ((MuxMessage.NewChannelRsp) m).window()).toList();
            assertEquals(List.of(16384L, 16384L, 40_000L - 2 * 16384), windows);
            assertTrue(((MuxConnection) p.server.session()).committedWindow() <= 40_000);
        }
    }
}
