package org.jgtlssh.gensio.certauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.ssl.Async;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.jgtlssh.gensio.ssl.TestCerts;
import org.jgtlssh.keys.Pem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One side ours, the other a raw peer written from the spec that misbehaves on purpose. Each refusal must
 * give a clear local error and grant nothing.
 */
class CertauthRefusalTest {
    @TempDir
    Path dir;

    CertauthHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new CertauthHarness(dir);
    }

    /** Our server on one end of a plain pipe (no TLS: no channel binding offered), the raw peer on the other. */
    CompletableFuture<CertauthGensio> server(Gensio end, String layer) throws IOException {
        CertauthOptions o = CertauthHarness.options(layer, Role.SERVER);
        return Async.supply(() -> {
            try {
                return CertauthGensio.open(o, end, OpenContext.DEFAULT);
            } catch (IOException e) {
                end.abort();
                throw new RuntimeException(e);
            }
        });
    }

    static IOException failure(CompletableFuture<?> f) {
        Exception e = assertThrows(Exception.class, () -> f.get(20, TimeUnit.SECONDS));
        return (IOException) e.getCause().getCause();
    }

    static CertauthMessage hello(int version, String user, String service) {
        var b = CertauthMessage.builder(CertauthMessage.CLIENTHELLO).u16(CertauthMessage.VERSION, version);
        if (user != null) {
            b.add(CertauthMessage.USERNAME, user.getBytes(StandardCharsets.UTF_8));
        }
        if (service != null) {
            b.add(CertauthMessage.SERVICE, service.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** A raw client: certificate of {@code certOf}, signature by {@code signer}, optionally tampered. */
    int rawCertificateLogin(TestCerts.Identity certOf, TestCerts.Identity signer, boolean tamper, boolean volunteer2fa,
            CompletableFuture<CertauthGensio> srv, Gensio end) throws Exception {
        MessageIO io = new MessageIO(end);
        io.write(hello(4, "alice", "svc"));
        CertauthMessage sh = io.expect(CertauthMessage.SERVERHELLO, false);
        PrivateKey key = Pem.readPrivateKey(signer.key());
        byte[] sig = CertauthSignature.sign(key, 4, CertauthSignature.signedBytes(
                sh.value(CertauthMessage.CHALLENGE_DATA).orElseThrow(), "svc".getBytes(StandardCharsets.UTF_8), null));
        if (tamper) {
            sig[sig.length / 2] ^= 0x01;
        }
        io.write(CertauthMessage.builder(CertauthMessage.CHALLENGE_RESPONSE)
                .add(CertauthMessage.CERTIFICATE, Pem.toPem(certOf.certificate()).getBytes(StandardCharsets.US_ASCII))
                .add(CertauthMessage.CHALLENGE_RSP, sig).build());
        CertauthMessage pr = io.expect(CertauthMessage.PASSWORD_REQUEST, false);
        assertEquals(2, pr.find(CertauthMessage.PASSWORD_TYPE).orElseThrow().u16(), "passwords are off: dummy asked");
        var pw = CertauthMessage.builder(CertauthMessage.PASSWORD).add(CertauthMessage.DUMMY_DATA, new byte[100]);
        if (volunteer2fa) {
            pw.add(CertauthMessage.SECOND_FACTOR_DATA, "000000".getBytes(StandardCharsets.US_ASCII));
        }
        io.write(pw.build());
        return io.expect(CertauthMessage.SERVERDONE, false).find(CertauthMessage.RESULT).orElseThrow().u16();
    }

    @Test
    void rawClientControlCaseLogsIn() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<CertauthGensio> srv = server(p[1], h.serverCa());
        assertEquals(1, rawCertificateLogin(h.testuser, h.testuser, false, false, srv, p[0]));
        assertTrue(srv.get(10, TimeUnit.SECONDS).isAuthenticated());
        assertTrue(!((AuthResult.Authenticated) srv.get().result()).channelBound(), "no TLS under it: plain signature");
        p[0].abort();
    }

    @Test
    void volunteeredSecondFactorDoesNotBreakACertificateLogin() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<CertauthGensio> srv = server(p[1], h.serverCa());
        assertEquals(1, rawCertificateLogin(h.ecuser, h.ecuser, false, true, srv, p[0]), "gensio would refuse (spec 5.2)");
        p[0].abort();
    }

    @Test
    void tamperedSignatureIsRefused() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<CertauthGensio> srv = server(p[1], h.serverCa());
        assertEquals(2, rawCertificateLogin(h.rsauser, h.rsauser, true, false, srv, p[0]));
        assertTrue(failure(srv).getMessage().contains("authentication refused for user 'alice'"));
    }

    @Test
    void wrongKeyForTheCertificateIsRefused() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<CertauthGensio> srv = server(p[1], h.serverCa());
        assertEquals(2, rawCertificateLogin(h.testuser, h.stranger, false, false, srv, p[0]));
        assertTrue(failure(srv).getMessage().contains("authentication refused"));
    }

    @Test
    void clientBelowVersionThreeIsRefusedAtHello() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<CertauthGensio> srv = server(p[1], h.serverCa());
        MessageIO io = new MessageIO(p[0]);
        io.write(hello(2, "alice", null));
        IOException e = failure(srv);
        assertTrue(e.getMessage().contains("version 2") && e.getMessage().contains("MD5"), e.getMessage());
        assertThrows(IOException.class, () -> io.read("SERVERHELLO"), "no challenge is sent to an MD5 client");
    }

    @Test
    void oversizedElementIsAProtocolError() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<CertauthGensio> srv = server(p[1], h.serverCa());
        byte[] bad = {1, 100, 0, 2, 0, 4, 101, 0x0b, (byte) 0xb8}; // USERNAME of 3000 bytes announced
        p[0].write(bad);
        IOException e = failure(srv);
        assertInstanceOf(ProtocolException.class, e);
        assertTrue(e.getMessage().contains("length 3000"), e.getMessage());
    }

    @Test
    void serverAnnouncingVersionOneOrTwoIsRefused() throws Exception {
        for (int v : new int[] {1, 2}) {
            Gensio[] p = Pipe.pair(1 << 16);
            CompletableFuture<Void> fake = Async.run(() -> {
                try {
                    MessageIO io = new MessageIO(p[1]);
                    io.expect(CertauthMessage.CLIENTHELLO, false);
                    io.write(CertauthMessage.builder(CertauthMessage.SERVERHELLO).u16(CertauthMessage.VERSION, v)
                            .add(CertauthMessage.CHALLENGE_DATA, new byte[32]).build());
                    io.read("CHALLENGE_RESPONSE");
                    throw new AssertionError("the client answered a version " + v + " server");
                } catch (IOException expected) {
                    // the client hung up without signing
                }
            });
            CertauthOptions c = CertauthHarness.options("certauth(allow-unencrypted,cert=" + h.ecuser.cert() + ",key="
                    + h.ecuser.key() + ",username=alice)", Role.CLIENT);
            GensioException e = assertThrows(GensioException.class, () -> CertauthGensio.open(c, p[0], OpenContext.DEFAULT));
            assertTrue(e.getMessage().contains("version " + v) && e.getMessage().contains("MD5"), e.getMessage());
            p[0].abort();
            fake.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void clientRefusesAnUnencryptedLink() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        CertauthOptions c = CertauthHarness.options("certauth(username=alice)", Role.CLIENT);
        GensioException e = assertThrows(GensioException.class, () -> CertauthGensio.open(c, p[0], OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("unencrypted"), e.getMessage());
    }

    @Test
    void silentPeerHitsTheDeadlineOnBothSides() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        CertauthOptions s = CertauthHarness.options("certauth(con-timeout=300m)", Role.SERVER);
        long t0 = System.nanoTime();
        GensioException e = assertThrows(GensioException.class, () -> CertauthGensio.open(s, p[1], OpenContext.DEFAULT));
        assertTrue(e.getMessage().contains("timed out after 300 ms"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());

        Gensio[] q = Pipe.pair(1024);
        CertauthOptions c = CertauthHarness.options("certauth(allow-unencrypted,username=a,con-timeout=300m)", Role.CLIENT);
        GensioException ce = assertThrows(GensioException.class, () -> CertauthGensio.open(c, q[0], OpenContext.DEFAULT));
        assertTrue(ce.getMessage().contains("timed out"), ce.getMessage());
    }

    @Test
    void requireChannelBindingRefusesAPlainSignature() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<CertauthGensio> srv = server(p[1], "certauth(require-channel-binding,CA=" + h.allowed + "/)");
        assertEquals(2, rawCertificateLogin(h.testuser, h.testuser, false, false, srv, p[0]),
                "a valid gensio-style signature, refused because it does not cover a TLS channel");
        assertTrue(failure(srv).getMessage().contains("authentication refused"));
    }
}
