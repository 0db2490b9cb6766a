package org.jgtlssh.gensio.relpkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relpkt filter with its threads, over msgdelim over an in-memory pipe, built from stack strings. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RelpktGensioTest {

    static List<LayerSpec> filters(String stack) throws IOException {
        return Gensios.parse(stack + ",tcp,localhost,1").filters();
    }

    /** Opens both ends of "relpkt,msgdelim" over a pipe pair: [client, server]. */
    static Gensio[] openPair(String clientStack, String serverStack, OpenContext ctx) throws Exception {
        Gensio[] p = Pipe.pair(4096);
        CompletableFuture<Gensio> server = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                server.complete(Gensios.defaults().wrapFilters(filters(serverStack), p[1], Role.SERVER, ctx));
            } catch (Throwable e) {
                server.completeExceptionally(e);
            }
        });
        Gensio c = Gensios.defaults().wrapFilters(filters(clientStack), p[0], Role.CLIENT, ctx);
        return new Gensio[] {c, server.get(20, TimeUnit.SECONDS)};
    }

    static byte[] readAll(Gensio g, int n) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (o.size() < n) {
            int r = g.read(buf, 0, Math.min(buf.length, n - o.size()));
            if (r < 0) {
                break;
            }
            o.write(buf, 0, r);
        }
        return o.toByteArray();
    }

    @Test
    void oneMegabyteEachWayByteExactThenOrderlyClose() throws Exception {
        Map<String, Long> stats = new ConcurrentHashMap<>();
        OpenContext ctx = OpenContext.of(new GensioListener() {
            @Override
            public void stats(String layer, Map<String, Long> c) {
                if (layer.equals("relpkt")) {
                    stats.putAll(c);
                }
            }
        });
        Gensio[] g = openPair("relpkt,msgdelim", "relpkt,msgdelim", ctx);
        byte[] a = new byte[1 << 20];
        byte[] b = new byte[1 << 20];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        CompletableFuture<byte[]> atServer = CompletableFuture.supplyAsync(() -> {
            try {
                return readAll(g[1], a.length);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        Thread w = Thread.ofVirtual().start(() -> {
            try {
                g[1].write(b, 0, b.length);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        g[0].write(a, 0, a.length);
        assertArrayEquals(b, readAll(g[0], b.length));
        assertArrayEquals(a, atServer.get(30, TimeUnit.SECONDS));
        w.join();
        g[0].close();
        byte[] buf = new byte[16];
        assertEquals(-1, g[1].read(buf, 0, 16), "the peer's close is end of stream");
        g[1].close();
        assertTrue(stats.get("bytes-delivered") > 0, "statistics reached the listener: " + stats);
    }

    @Test
    void interactiveSmallWritesAreFlushed() throws Exception {
        Gensio[] g = openPair("relpkt,msgdelim", "relpkt,msgdelim", OpenContext.DEFAULT);
        for (int i = 0; i < 50; i++) {
            g[0].write(new byte[] {(byte) i});
            g[0].flush();
            assertEquals(i, readAll(g[1], 1)[0], "keystroke " + i);
        }
        g[0].close();
        g[1].close();
    }

    @Test
    void sizeRuleAgainstMsgdelimIsCheckedAtOpen() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        GensioException e = assertThrows(GensioException.class, () -> Gensios.defaults()
                .wrapFilters(filters("relpkt(max_pktsize=126),msgdelim"), p[0], Role.CLIENT, OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("max_pktsize=126") && e.getMessage().contains("at most 128"), e.getMessage());
    }

    @Test
    void closeWhileThePeerIsBlockedInReadEndsThatRead() throws Exception {
        Gensio[] g = openPair("relpkt,msgdelim", "relpkt,msgdelim", OpenContext.DEFAULT);
        CompletableFuture<Integer> r = CompletableFuture.supplyAsync(() -> {
            try {
                return g[1].read(new byte[10], 0, 10);
            } catch (IOException e) {
                return -2;
            }
        }, x -> Thread.ofVirtual().start(x));
        Thread.sleep(100); // let the reader block; there is no event for "is blocked in read"
        g[0].close();
        assertEquals(-1, r.get(10, TimeUnit.SECONDS));
        g[1].close();
    }

    @Test
    void twoClientsFailWithAClearError() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try {
                // opened directly so its failure does not close the pipe under the client under test
                RelpktGensio.open(new org.jgtlssh.gensio.msgdelim.MsgdelimGensio(p[1],
                        org.jgtlssh.gensio.msgdelim.MsgdelimOptions.DEFAULT, null), RelpktOptions.DEFAULT, true,
                        null, System::nanoTime);
            } catch (IOException e) {
                // expected too
            }
        }, x -> Thread.ofVirtual().start(x));
        long t0 = System.nanoTime();
        GensioException e = assertThrows(GensioException.class, () -> Gensios.defaults()
                .wrapFilters(filters("relpkt,msgdelim"), p[0], Role.CLIENT, OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("mode=server"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 5500);
        other.get(10, TimeUnit.SECONDS);
    }

    private static long maxPayload(Gensio g) {
        return ((RelpktGensio) g).counters().get("max-payload-size");
    }

    @Test
    void ourTwoEndsNegotiateLargerFramesAndCarryDataInThem() throws Exception {
        Gensio[] g = openPair("relpkt,msgdelim", "relpkt,msgdelim", OpenContext.DEFAULT);
        // msgdelim raised to 1024 on both sides: 1024 - 3 header - 4 CRC-32C trailer
        assertEquals(1017L, maxPayload(g[0]));
        assertEquals(1017L, maxPayload(g[1]));
        assertEquals(1024, g[0].get(org.jgtlssh.gensio.Controls.MAX_WRITE_PACKET).orElseThrow());
        byte[] data = new byte[200_000];
        new java.util.Random(7).nextBytes(data);
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
            try {
                return readAll(g[1], data.length);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        g[0].write(data);
        g[0].flush();
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, got.get(30, TimeUnit.SECONDS));
        assertTrue(((RelpktGensio) g[0]).counters().get("packets-sent") < data.length / 500, // 119-byte packets would need 1681
                "sent in large frames: " + ((RelpktGensio) g[0]).counters());
        g[0].close();
        g[1].close();
    }

    @Test
    void aUsersExplicitSizesAreRespected() throws Exception {
        // max_pktsize given: no frame capacity advertised, gensio's size with the trailer taken off
        Gensio[] g = openPair("relpkt(max_pktsize=123),msgdelim", "relpkt,msgdelim", OpenContext.DEFAULT);
        assertEquals(119L, maxPayload(g[0]));
        assertEquals(119L, maxPayload(g[1]));
        assertEquals(128, g[0].get(org.jgtlssh.gensio.Controls.MAX_WRITE_PACKET).orElseThrow());
        g[0].close();
        g[1].close();
        // msgdelim's readbuf/writebuf given: they stay, and the other end sends no more than they take
        g = openPair("relpkt,msgdelim(readbuf=200,writebuf=128)", "relpkt,msgdelim", OpenContext.DEFAULT);
        assertEquals(121L, maxPayload(g[0]), "128 writebuf - 3 - 4");
        assertEquals(193L, maxPayload(g[1]), "the peer's 200 readbuf - 3 - 4");
        g[0].close();
        g[1].close();
    }
}
