package org.jgtlssh.gensio.ssl;

import static org.jgtlssh.testutil.GensioIo.readN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssl layer over an in-memory pipe: real TLS, both ends ours. */
class SslPipeTest {
    @TempDir
    Path dir;

    static SslOptions server(TestCerts.Identity id) {
        return new SslOptions(Role.SERVER, null, id.key().toString(), id.cert().toString(), false, false,
                Duration.ofSeconds(10), 16384, 16384);
    }

    static SslOptions client(String ca) {
        return new SslOptions(Role.CLIENT, ca, null, null, false, false, Duration.ofSeconds(10), 16384, 16384);
    }

    /** Opens both ends concurrently; returns {client, server}. */
    static Gensio[] connect(SslOptions c, OpenContext cctx, SslOptions s, OpenContext sctx) throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<Gensio> srv = Async.supply(() -> {
            try {
                return SslGensio.open(s, p[1], sctx);
            } catch (IOException e) {
                p[1].abort();
                throw new RuntimeException(e);
            }
        });
        Gensio cli;
        try {
            cli = SslGensio.open(c, p[0], cctx);
        } catch (IOException e) {
            p[0].abort();
            throw e;
        }
        return new Gensio[] {cli, srv.get(10, TimeUnit.SECONDS)};
    }

    @Test
    void handshakeDataBothWaysPeerCertificateAndExporter() throws Exception {
        TestCerts.Identity srv = TestCerts.vectorIdentity(dir, "testuser");
        Gensio[] g = connect(client(srv.cert().toString()), OpenContext.DEFAULT, server(srv), OpenContext.DEFAULT);
        try {
            g[0].write("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello", new String(readN(g[1], 5), StandardCharsets.US_ASCII));
            g[1].write("world!".getBytes(StandardCharsets.US_ASCII));
            assertEquals("world!", new String(readN(g[0], 6), StandardCharsets.US_ASCII));
            assertTrue(g[0].isEncrypted());
            assertTrue(g[0].isAuthenticated(), "client verified the server against CA=");
            assertFalse(g[1].isAuthenticated(), "no clientauth: the server knows nobody");
            assertEquals("TLSv1.3", g[0].get(Controls.TLS_PROTOCOL).orElseThrow());
            X509Certificate[] peer = g[0].get(Controls.PEER_CERTIFICATES).orElseThrow();
            assertEquals(srv.certificate(), peer[0]);
            byte[] a = g[0].get(Controls.TLS_EXPORTER).orElseThrow().export("EXPORTER-test", new byte[0], 32);
            byte[] b = g[1].get(Controls.TLS_EXPORTER).orElseThrow().export("EXPORTER-test", new byte[0], 32);
            assertArrayEquals(a, b);
            assertFalse(Arrays.equals(a, new byte[32]));
        } finally {
            g[0].abort();
            g[1].abort();
        }
    }

    @Test
    void unknownServerCertificateIsRefusedWithoutPolicy() throws Exception {
        TestCerts.Identity srv = TestCerts.vectorIdentity(dir, "testuser");
        TestCerts.Identity other = TestCerts.vectorIdentity(dir, "stranger");
        Exception e = assertThrows(Exception.class, () -> connect(client(other.cert().toString()), OpenContext.DEFAULT,
                server(srv), OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("certificate is not valid"), e.getMessage());
    }

    @Test
    void trustPolicySeesTheCertificateAndDecides() throws Exception {
        TestCerts.Identity srv = TestCerts.vectorIdentity(dir, "ecuser");
        AtomicReference<PeerTrust.PeerCertificate> seen = new AtomicReference<>();
        OpenContext tofu = OpenContext.DEFAULT.with(PeerTrust.ATTRIBUTE, pc -> {
            seen.set(pc);
            return true;
        });
        // a CA directory that does not exist yet (gtlssh's server_certs/ before the first login)
        Gensio[] g = connect(client(dir.resolve("missing") + "/"), tofu, server(srv), OpenContext.DEFAULT);
        g[0].abort();
        g[1].abort();
        assertEquals(CaStore.Status.NOT_FOUND, seen.get().storeCheck().status());
        assertEquals(srv.certificate(), seen.get().leaf());
        assertEquals(Role.CLIENT, seen.get().role());

        OpenContext refuse = OpenContext.DEFAULT.with(PeerTrust.ATTRIBUTE, pc -> false);
        Exception e = assertThrows(Exception.class, () -> connect(client(null), refuse, server(srv), OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("refused by the trust policy"), e.getMessage());
    }

    @Test
    void expiredServerCertificateIsReportedAsExpired() throws Exception {
        Instant now = Instant.now();
        TestCerts.Identity old = TestCerts.selfSigned(dir, "old", "ed25519", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        Exception e = assertThrows(Exception.class, () -> connect(client(old.cert().toString()), OpenContext.DEFAULT,
                server(old), OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void clientAuthenticationWithRsaAndMissingCertificate() throws Exception {
        TestCerts.Identity srv = TestCerts.vectorIdentity(dir, "rsauser");
        TestCerts.Identity cli = TestCerts.vectorIdentity(dir, "ecuser");
        SslOptions s = new SslOptions(Role.SERVER, cli.cert().toString(), srv.key().toString(), srv.cert().toString(),
                true, false, Duration.ofSeconds(10), 16384, 16384);
        SslOptions c = new SslOptions(Role.CLIENT, srv.cert().toString(), cli.key().toString(), cli.cert().toString(),
                false, false, Duration.ofSeconds(10), 16384, 16384);
        Gensio[] g = connect(c, OpenContext.DEFAULT, s, OpenContext.DEFAULT);
        assertTrue(g[1].isAuthenticated());
        assertEquals(cli.certificate(), g[1].get(Controls.PEER_CERTIFICATES).orElseThrow()[0]);
        g[0].abort();
        g[1].abort();

        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<Void> clientSide = Async.run(() -> {
            try {
                SslGensio.open(client(srv.cert().toString()), p[0], OpenContext.DEFAULT).read(new byte[1], 0, 1);
            } catch (IOException ignored) {
                // the server refuses after the handshake
            }
        });
        GensioException e = assertThrows(GensioException.class, () -> SslGensio.open(s, p[1], OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("certificate not provided"), e.getMessage());
        p[1].abort();
        clientSide.get(10, TimeUnit.SECONDS);
    }

    @Test
    void silentPeerHitsTheHandshakeDeadline() throws Exception {
        TestCerts.Identity srv = TestCerts.vectorIdentity(dir, "testuser");
        Gensio[] p = Pipe.pair(1 << 16);
        SslOptions s = new SslOptions(Role.SERVER, null, srv.key().toString(), srv.cert().toString(), false, false,
                Duration.ofMillis(300), 16384, 16384);
        long t0 = System.nanoTime();
        GensioException e = assertThrows(GensioException.class, () -> SslGensio.open(s, p[1], OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
        p[0].abort();
    }

    @Test
    void unreliableChildIsRefused() throws Exception {
        TestCerts.Identity srv = TestCerts.vectorIdentity(dir, "testuser");
        Gensio[] p = Pipe.pair(1024);
        Gensio lossy = new org.jgtlssh.gensio.FilterGensio("lossy", p[0]) {
            @Override
            public int read(byte[] b, int o, int l, org.jgtlssh.gensio.ReadMeta m) throws IOException {
                return child.read(b, o, l, m);
            }

            @Override
            public void write(byte[] b, int o, int l, int f) throws IOException {
                child.write(b, o, l, f);
            }

            @Override
            public boolean isReliable() {
                return false;
            }
        };
        GensioException e = assertThrows(GensioException.class, () -> SslGensio.open(server(srv), lossy, OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("not reliable"), e.getMessage());
    }

    @Test
    void halfCloseThenConcurrentBulkBothWays() throws Exception {
        TestCerts.Identity srv = TestCerts.vectorIdentity(dir, "testuser");
        Gensio[] g = connect(client(srv.cert().toString()), OpenContext.DEFAULT, server(srv), OpenContext.DEFAULT);
        byte[] up = new byte[3 << 20];
        byte[] down = new byte[2 << 20];
        new Random(1).nextBytes(up);
        new Random(2).nextBytes(down);
        // client writes then half-closes while the server writes concurrently: four threads in all
        CompletableFuture<Void> cw = Async.run(() -> io(() -> {
            for (int i = 0; i < up.length; i += 7000) {
                g[0].write(up, i, Math.min(7000, up.length - i), 0);
            }
            g[0].closeWrite();
        }));
        CompletableFuture<Void> sw = Async.run(() -> io(() -> g[1].write(down)));
        CompletableFuture<byte[]> sr = Async.supply(() -> readAll(g[1]));
        byte[] cr = readN(g[0], down.length);
        assertArrayEquals(up, sr.get(30, TimeUnit.SECONDS), "server read everything, then EOF");
        assertArrayEquals(down, cr);
        cw.get(30, TimeUnit.SECONDS);
        sw.get(30, TimeUnit.SECONDS);
        // after the client's close_notify the server can still talk (TLS 1.3 half-close)
        g[1].write("late".getBytes(StandardCharsets.US_ASCII));
        assertEquals("late", new String(readN(g[0], 4), StandardCharsets.US_ASCII));
        CompletableFuture<Void> sc = Async.run(() -> io(g[1]::close));
        assertEquals(-1, g[0].read(new byte[10], 0, 10), "the server's close_notify is EOF");
        g[0].close();
        sc.get(10, TimeUnit.SECONDS);
    }

    interface Io {
        void run() throws IOException;
    }

    static void io(Io r) {
        try {
            r.run();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    static byte[] readAll(Gensio g) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] b = new byte[8192];
            int n;
            while ((n = g.read(b, 0, b.length)) >= 0) {
                out.write(b, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void caDirectoryWithCaIssuedServerCertificate() throws Exception {
        TestCerts.Identity ca = TestCerts.selfSigned(dir.resolve("ca"), "testca", "ec");
        TestCerts.Identity srv = TestCerts.issued(dir.resolve("srv"), "server", "ed25519", ca);
        Path cadir = dir.resolve("trusted");
        java.nio.file.Files.createDirectories(cadir);
        java.nio.file.Files.copy(ca.cert(), cadir.resolve("testca.crt"));
        Gensio[] g = connect(client(cadir + "/"), OpenContext.DEFAULT, server(srv), OpenContext.DEFAULT);
        assertTrue(g[0].isAuthenticated());
        g[0].abort();
        g[1].abort();
        assertEquals(List.of(ca.certificate()), CaStore.load(cadir + "/").certificates());
    }

    @Test
    void runsOverAReliablePacketChildWithSmallPackets() throws Exception {
        TestCerts.Identity srv = TestCerts.vectorIdentity(dir, "rsauser"); // big certificate: many packets
        Gensio[] p = Pipe.pair(1 << 16);
        Gensio a = new PacketPipe(p[0], 512);
        Gensio b = new PacketPipe(p[1], 512);
        CompletableFuture<Gensio> s = Async.supply(() -> {
            try {
                return SslGensio.open(server(srv), b, OpenContext.DEFAULT);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Gensio c = SslGensio.open(client(srv.cert().toString()), a, OpenContext.DEFAULT);
        Gensio sg = s.get(10, TimeUnit.SECONDS);
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        CompletableFuture<Void> w = Async.run(() -> io(() -> c.write(data)));
        assertArrayEquals(data, readN(sg, data.length), "16 KiB records cut into 512-byte packets and joined again");
        w.get(10, TimeUnit.SECONDS);
        c.abort();
        sg.abort();
    }
}
