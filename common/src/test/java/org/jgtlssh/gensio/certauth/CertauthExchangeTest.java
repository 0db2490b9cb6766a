package org.jgtlssh.gensio.certauth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.ssl.TestCerts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both certauth roles ours, over real TLS in memory: what logs in, what is refused, and how. */
class CertauthExchangeTest {
    @TempDir
    Path dir;

    CertauthHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new CertauthHarness(dir);
    }

    static PasswordChecker password(String user, String pw) {
        byte[] want = pw.getBytes(StandardCharsets.UTF_8);
        return (u, p) -> u.equals(user) && MessageDigest.isEqual(p, want);
    }

    static SecondFactorChecker code(String c) {
        byte[] want = c.getBytes(StandardCharsets.UTF_8);
        return (u, p) -> MessageDigest.isEqual(p, want);
    }

    @Test
    void certificateLoginWithEachKeyTypeIsChannelBoundAndPassesData() throws Exception {
        for (TestCerts.Identity id : new TestCerts.Identity[] {h.testuser, h.rsauser, h.ecuser}) {
            OpenContext cctx = OpenContext.DEFAULT.with(Certauth.SERVICE_BYTES, new byte[] {'m', 'u', 'x', 0})
                    .with(Certauth.AUX_DATA, new byte[] {0, 0, 0, 1});
            CertauthHarness.Run r = h.run(CertauthHarness.options(h.clientCert(id, "alice"), Role.CLIENT), cctx,
                    CertauthHarness.options(h.serverCa(), Role.SERVER), OpenContext.DEFAULT);
            try {
                assertNull(r.clientError(), () -> String.valueOf(r.clientError()));
                assertNull(r.serverError(), () -> String.valueOf(r.serverError()));
                AuthResult.Authenticated a = assertInstanceOf(AuthResult.Authenticated.class, r.server().result());
                assertEquals("alice", a.user());
                assertTrue(a.certificate().endsWith(id.cert().getFileName().toString()), a.certificate());
                assertTrue(a.channelBound(), "both ends ours over TLS: the signature covers the TLS exporter");
                assertEquals("authenticated as user alice by certificate " + a.certificate(), a.toString());
                assertTrue(r.server().isAuthenticated());
                assertEquals("alice", r.server().get(Controls.USERNAME).orElseThrow());
                assertArrayEquals(new byte[] {'m', 'u', 'x', 0}, r.server().get(Certauth.SERVICE_BYTES).orElseThrow());
                assertArrayEquals(new byte[] {0, 0, 0, 1}, r.server().get(Certauth.AUX_DATA).orElseThrow());
                // the server talks first, right after SERVERDONE; then the client
                r.server().write("pong".getBytes(StandardCharsets.US_ASCII));
                byte[] b = new byte[4];
                assertEquals(4, readFully(r.client(), b));
                assertEquals("pong", new String(b, StandardCharsets.US_ASCII));
                r.client().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertEquals(4, readFully(r.server(), b));
                assertEquals("ping", new String(b, StandardCharsets.US_ASCII));
            } finally {
                r.abort();
            }
        }
    }

    static int readFully(org.jgtlssh.gensio.Gensio g, byte[] b) throws Exception {
        int got = 0;
        while (got < b.length) {
            int n = g.read(b, got, b.length - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    void assertRefused(CertauthHarness.Run r) {
        try {
            assertNotNull(r.clientError(), "client must fail");
            assertTrue(r.clientError().getMessage().contains("certauth: authentication refused by the server"),
                    r.clientError().getMessage());
            assertNotNull(r.serverError(), "server must fail");
            assertTrue(r.serverError().getMessage().contains("authentication refused"), r.serverError().getMessage());
        } finally {
            r.abort();
        }
    }

    @Test
    void unknownCertificateIsRefused() throws Exception {
        assertRefused(h.run(CertauthHarness.options(h.clientCert(h.stranger, "alice"), Role.CLIENT), OpenContext.DEFAULT,
                CertauthHarness.options(h.serverCa(), Role.SERVER), OpenContext.DEFAULT));
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        TestCerts.Identity old = TestCerts.selfSigned(dir.resolve("old"), "old", "ec", now.minus(Duration.ofDays(20)),
                now.minus(Duration.ofDays(2)));
        Files.copy(old.cert(), h.allowed.resolve("old.crt"));
        assertRefused(h.run(CertauthHarness.options(h.clientCert(old, "alice"), Role.CLIENT), OpenContext.DEFAULT,
                CertauthHarness.options(h.serverCa(), Role.SERVER), OpenContext.DEFAULT));
    }

    @Test
    void noServerPolicyMeansNoCertificateIsAccepted() throws Exception {
        assertRefused(h.run(CertauthHarness.options(h.clientCert(h.testuser, "alice"), Role.CLIENT), OpenContext.DEFAULT,
                CertauthHarness.options("certauth", Role.SERVER), OpenContext.DEFAULT));
    }

    @Test
    void passwordLoginAndWrongPassword() throws Exception {
        OpenContext sctx = OpenContext.DEFAULT.with(Certauth.PASSWORD_CHECKER, password("bob", "s3cret"));
        CertauthHarness.Run ok = h.run(CertauthHarness.options("certauth(enable-password,username=bob)", Role.CLIENT),
                OpenContext.DEFAULT.with(Certauth.PASSWORD_PROMPT, u -> "s3cret".getBytes(StandardCharsets.UTF_8)),
                CertauthHarness.options("certauth(enable-password)", Role.SERVER), sctx);
        try {
            assertNull(ok.serverError());
            assertEquals("authenticated as user bob by password", ok.server().result().toString());
        } finally {
            ok.abort();
        }
        assertRefused(h.run(CertauthHarness.options("certauth(enable-password,username=bob,password=wrong)", Role.CLIENT),
                OpenContext.DEFAULT, CertauthHarness.options("certauth(enable-password)", Role.SERVER), sctx));
    }

    @Test
    void passwordAndSecondFactorAreBothRequired() throws Exception {
        OpenContext sctx = OpenContext.DEFAULT.with(Certauth.PASSWORD_CHECKER, password("bob", "pw"))
                .with(Certauth.SECOND_FACTOR_CHECKER, code("123456"));
        CertauthOptions srv = CertauthHarness.options("certauth(enable-password,enable-2fa)", Role.SERVER);
        // gensio lets either factor pass alone (spec 5.3, the OR flaw); here each bad factor refuses
        assertRefused(h.run(CertauthHarness.options("certauth(enable-password,username=bob,password=pw,2fa=999999)",
                Role.CLIENT), OpenContext.DEFAULT, srv, sctx));
        assertRefused(h.run(CertauthHarness.options("certauth(enable-password,username=bob,password=no,2fa=123456)",
                Role.CLIENT), OpenContext.DEFAULT, srv, sctx));
        CertauthHarness.Run ok = h.run(CertauthHarness.options("certauth(enable-password,username=bob,password=pw)",
                Role.CLIENT), OpenContext.DEFAULT.with(Certauth.SECOND_FACTOR_PROMPT, u -> "123456".getBytes(StandardCharsets.UTF_8)),
                srv, sctx);
        try {
            assertNull(ok.serverError(), () -> String.valueOf(ok.serverError()));
            assertTrue(((AuthResult.Authenticated) ok.server().result()).secondFactor());
        } finally {
            ok.abort();
        }
    }

    @Test
    void certificateAndSecondFactor() throws Exception {
        OpenContext sctx = OpenContext.DEFAULT.with(Certauth.SECOND_FACTOR_CHECKER, code("42"));
        CertauthOptions srv = CertauthHarness.options("certauth(enable-2fa,CA=" + h.allowed + "/)", Role.SERVER);
        assertRefused(h.run(CertauthHarness.options("certauth(cert=" + h.ecuser.cert() + ",key=" + h.ecuser.key()
                + ",username=eve,2fa=41)", Role.CLIENT), OpenContext.DEFAULT, srv, sctx));
        CertauthHarness.Run ok = h.run(CertauthHarness.options("certauth(cert=" + h.ecuser.cert() + ",key=" + h.ecuser.key()
                + ",username=eve,2fa=42)", Role.CLIENT), OpenContext.DEFAULT, srv, sctx);
        try {
            assertNull(ok.serverError(), () -> String.valueOf(ok.serverError()));
            assertTrue(ok.server().isAuthenticated());
        } finally {
            ok.abort();
        }
    }

    @Test
    void allowAuthfailOpensButTheResultSaysRefused() throws Exception {
        CertauthHarness.Run r = h.run(CertauthHarness.options(h.clientCert(h.stranger, "mallory"), Role.CLIENT),
                OpenContext.DEFAULT, CertauthHarness.options("certauth(allow-authfail,CA=" + h.allowed + "/)", Role.SERVER),
                OpenContext.DEFAULT);
        try {
            assertNull(r.clientError(), "RESULT 1 on the wire, as gtlssh clients expect");
            assertNull(r.serverError());
            assertInstanceOf(AuthResult.Refused.class, r.server().result());
            assertFalse(r.server().isAuthenticated());
            assertEquals(Optional.empty(), r.server().get(Controls.USERNAME), "no user for a refused login");
        } finally {
            r.abort();
        }
    }

    @Test
    void allowedCertsDirectoryPolicy() throws Exception {
        Path home = dir.resolve("home/carol");
        Path ac = home.resolve(".gtlssh/allowed_certs");
        Files.createDirectories(ac);
        Files.copy(h.rsauser.cert(), ac.resolve("laptop.crt"));
        String me = Files.getOwner(ac).getName();
        AllowedCertsAuthenticator policy = new AllowedCertsAuthenticator(u -> u.equals(me) ? Optional.of(home) : Optional.empty());
        assertEquals(Optional.of(ac.resolve("laptop.crt").toString()), policy.authenticate(me, h.rsauser.certificate()));
        assertEquals(Optional.empty(), policy.authenticate(me, h.ecuser.certificate()), "not in the directory");
        assertEquals(Optional.empty(), policy.authenticate("../etc", h.rsauser.certificate()), "bad user name");
        assertEquals(Optional.empty(), policy.authenticate("nobody-here", h.rsauser.certificate()), "unknown user");
        Files.setPosixFilePermissions(ac, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxr-x"));
        assertEquals(Optional.empty(), policy.authenticate(me, h.rsauser.certificate()), "group-writable directory");
    }
}
