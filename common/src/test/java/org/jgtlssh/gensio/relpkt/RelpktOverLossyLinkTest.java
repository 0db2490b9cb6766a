package org.jgtlssh.gensio.relpkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our relpkt+msgdelim+serialdev on both ends of {@code lossy-link.py}: bytes dropped and bits flipped
 * at the given combined rate per byte, both directions, data and ACKs alike. Everything must arrive
 * byte-exact (sha256) and the link must stay up. (gensio 2.6.2 dies after the first damaged frame: see
 * notes/baseline.md section 4.) The sizes: 1 MB each way with the relay unlimited, 64 KB each
 * way at 115200 baud. A pty's baud rate is fiction, and our relpkt paces its DATA to the rate it is
 * told until round trips prove the line faster: the unlimited runs at 1e-3 and 1e-2 tell serialdev
 * 4000000 baud, the one at 1e-4 tells it 115200 and so checks that the fiction is found out (paced,
 * 1 MB would take 90 s). The one-way 1 MB goodput figures are in bench/serial-goodput.sh.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RelpktOverLossyLinkTest {
    @TempDir
    Path dir;

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Opens our two ends, sends {@code size} bytes each way at once, checks them, closes. */
    static Map<String, Long> exchange(Path a, Path b, int size, long seed) throws Exception {
        return exchange(a, b, size, seed, 115200);
    }

    static Map<String, Long> exchange(Path a, Path b, int size, long seed, int baud) throws Exception {
        Map<String, Long> stats = new ConcurrentHashMap<>();
        OpenContext ctx = OpenContext.of(new GensioListener() {
            @Override
            public void stats(String layer, Map<String, Long> c) {
                c.forEach((k, v) -> stats.put(layer + "." + k, v));
            }
        });
        CompletableFuture<Gensio> server = CompletableFuture.supplyAsync(() -> {
            try {
                return Gensios.connect("relpkt(mode=server),msgdelim,serialdev," + b + "," + baud + "n81,local", OpenContext.DEFAULT);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        Gensio c = Gensios.connect("relpkt,msgdelim,serialdev," + a + "," + baud + "n81,local", ctx);
        Gensio s = server.get(30, TimeUnit.SECONDS);
        try {
            return transfer(c, s, size, seed, stats);
        } finally {
            c.abort(); // after an orderly close this does nothing; after a failure it frees the ports
            s.abort();
        }
    }

    private static Map<String, Long> transfer(Gensio c, Gensio s, int size, long seed, Map<String, Long> stats)
            throws Exception {
        byte[] x = new byte[size];
        byte[] y = new byte[size];
        new Random(seed).nextBytes(x);
        new Random(seed + 1).nextBytes(y);
        CompletableFuture<byte[]> atS = read(s, size);
        CompletableFuture<byte[]> atC = read(c, size);
        Thread ws = Thread.ofVirtual().start(() -> {
            try {
                s.write(y);
                s.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        c.write(x);
        c.flush();
        byte[] gotS = atS.get(100, TimeUnit.SECONDS);
        byte[] gotC = atC.get(100, TimeUnit.SECONDS);
        assertArrayEquals(x, gotS, "client -> server");
        assertArrayEquals(y, gotC, "server -> client");
        org.junit.jupiter.api.Assertions.assertEquals(sha256(x), sha256(gotS));
        ws.join();
        assertFalse(c.isClosed() || s.isClosed(), "the link stayed up");
        c.close();
        s.close();
        return stats;
    }

    static CompletableFuture<byte[]> read(Gensio g, int size) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return RelpktGensioTest.readAll(g, size);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    @ParameterizedTest(name = "fault {0}/byte, relay {1} baud (stacks say {3}), {2} bytes each way")
    @CsvSource({
        "0.0001, 0, 1048576, 115200",
        "0.001, 0, 1048576, 4000000",
        "0.01, 0, 1048576, 4000000",
        "0.0001, 115200, 65536, 115200",
        "0.001, 115200, 65536, 115200",
        "0.01, 115200, 65536, 115200",
    })
    void everythingArrivesAndTheLinkStaysUp(double fault, int baud, int size, int stackBaud) throws Exception {
        try (LossyLink link = new LossyLink(dir, fault, baud, 7, null)) {
            long t0 = System.nanoTime();
            Map<String, Long> stats = exchange(link.a, link.b, size, 31, stackBaud);
            System.err.printf("lossy-link fault=%s baud=%d size=%d: %.1f s, relpkt stats %s, link %s%n", fault, baud,
                    size, (System.nanoTime() - t0) / 1e9, stats, link.stop());
        }
    }

    @Test
    void aThreeSecondCablePullIsSurvived() throws Exception {
        try (LossyLink link = new LossyLink(dir, 0, 115200, 8, "2:3")) {
            long t0 = System.nanoTime();
            exchange(link.a, link.b, 64 * 1024, 41);
            double s = (System.nanoTime() - t0) / 1e9;
            System.err.printf("cable pull: %.1f s, link %s%n", s, link.stop());
            org.junit.jupiter.api.Assertions.assertTrue(s > 5, "the outage happened during the transfer: " + s);
        }
    }
}
