package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.certauth.Certauth;
import org.jgtlssh.gensio.mux.MuxSession;
import org.jgtlssh.gtlssh.SessionRequest;
import org.jgtlssh.gtlssh.SessionRequestCodec;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --do-2fa} end to end: a PAM service that wants the account's password and a one-time code
 * ({@link TwoFactorPamService}); the real gtlssh 2.6.2 (its "Password:" and "2-factor auth:" prompts, in
 * tmux) and our certauth client stack log in only with both, every attempt leaves one audit line, and
 * neither secret reaches the log.
 */
class TwoFactorLoginTest {
    @TempDir
    static Path dir;
    private static TwoFactorPamService pam;
    private static TwoFactorPamService codeOnly;
    private static GtlsshFixture f;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TwoFactorPamService.canInstall(), "needs root, useradd and pam_stress/pam_exec");
        pam = TwoFactorPamService.install(dir);
        codeOnly = TwoFactorPamService.install(dir, false);
        f = new GtlsshFixture(dir, "--allow-password", "--do-2fa", "--pam-service", pam.service, "--pam-cert-auth",
                codeOnly.service);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (f != null) {
                String log = f.server.err();
                assertFalse(log.contains(f.user.password) || log.contains(pam.code) || log.contains(codeOnly.code),
                        "a secret reached the log:\n" + log);
                f.close();
            }
        } finally {
            if (pam != null) {
                pam.close();
            }
            if (codeOnly != null) {
                codeOnly.close();
            }
        }
    }

    private String auditLine(String method, String result) {
        return "user=" + f.user.name + " from=127.0.0.1 method=" + method + " key=- result=" + result;
    }

    @Test
    void realGtlsshNeedsThePasswordAndTheCode() throws Exception {
        Path stranger = f.strangerHome("stranger");
        String cmd = "HOME=" + stranger + " " + RealGensio.binary("gtlssh") + " -p " + f.port + " " + f.target()
                + " sh -c 'echo logged-in-as-$(id -un); sleep 5'";
        try (Tmux wrong = new Tmux("jgt-2fa1-" + ProcessHandle.current().pid(), 80, 24, cmd)) {
            wrong.await("Password:");
            wrong.type(f.user.password);
            wrong.enter();
            wrong.await("2-factor auth:");
            wrong.type("not-the-code");
            wrong.enter();
            wrong.await("Authentication tokens rejected");
        }
        awaitLog(auditLine("password+2fa", "refused reason=\"wrong password or second factor\""));
        try (Tmux t = new Tmux("jgt-2fa2-" + ProcessHandle.current().pid(), 80, 24, cmd)) {
            t.await("Password:");
            t.type(f.user.password);
            t.enter();
            t.await("2-factor auth:");
            t.type(pam.code);
            t.enter();
            t.await("logged-in-as-" + f.user.name);
        }
        awaitLog(auditLine("password+2fa", "accepted"));
        awaitLog("Accepted password and second factor for " + f.user.name);
    }

    @Test
    void ourClientStackNeedsThePasswordAndTheCode() throws Exception {
        byte[] pw = f.user.password.getBytes(StandardCharsets.UTF_8);
        byte[] code = pam.code.getBytes(StandardCharsets.US_ASCII);
        assertEquals(f.user.name + "\n", run(pw, code));
        // (a wrong password with the right code: PamPasswordVerifierTest; each refusal here costs the
        // source 5 s of penalty, and more than 15 s refuses it, so the tests of this class make 3 in all)
        assertThrows(IOException.class, () -> run(pw, "123".getBytes(StandardCharsets.US_ASCII)));
        awaitLog(auditLine("password+2fa", "refused reason=\"wrong password or second factor\""));
    }

    @Test
    void aCertificateLoginNeedsTheCodeTooCheckedByThePamCertAuthService() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        assertThrows(IOException.class, () -> runWithCertificate("000000x", asked));
        assertEquals(1, asked.get(), "the server asked for a second factor after the certificate");
        awaitLog("method=certificate+2fa key=SHA256:");
        awaitLog("result=refused reason=\"wrong second factor\"");
        assertEquals(f.user.name + "\n", runWithCertificate(codeOnly.code, asked));
        awaitLog("Accepted certificate and second factor for " + f.user.name);
    }

    /** Our certauth client with the fixture's allowed certificate; the code prompt answers {@code code}. */
    private String runWithCertificate(String code, AtomicInteger asked) throws IOException {
        Path g = f.clientHome.resolve(".gtlssh");
        OpenContext ctx = context(null, code.getBytes(StandardCharsets.US_ASCII), asked);
        try (Gensio ch = Gensios.connect("mux(writebuf=65496,readbuf=1048128),certauth(username=" + f.user.name
                + ",\"cert=" + g.resolve("default.crt") + "\",\"key=" + g.resolve("default.key") + "\"),ssl(\"CA="
                + g.resolve("server_certs") + "/\"),tcp,127.0.0.1," + f.port, ctx)) {
            return readAll(ch);
        }
    }

    /** Our certauth client without a certificate: the prompts answer with {@code pw} and {@code code}. */
    private String run(byte[] pw, byte[] code) throws IOException {
        Path g = f.clientHome.resolve(".gtlssh");
        OpenContext ctx = context(pw, code, new AtomicInteger());
        try (Gensio ch = Gensios.connect("mux(writebuf=65496,readbuf=1048128),certauth(enable-password,username="
                + f.user.name + "),ssl(\"CA=" + g.resolve("server_certs") + "/\"),tcp,127.0.0.1," + f.port, ctx)) {
            return readAll(ch);
        }
    }

    private static String readAll(Gensio ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        ReadMeta meta = new ReadMeta();
        try {
            for (int n; (n = ch.read(buf, 0, buf.length, meta)) >= 0; ) {
                if (!meta.oob()) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the server closes after the program's exit
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private OpenContext context(byte[] pw, byte[] code, AtomicInteger codeAsked) {
        byte[] request = SessionRequestCodec.encode(new SessionRequest.Program(List.of("id", "-un")));
        return OpenContext.DEFAULT
                .with(Certauth.SERVICE_BYTES, new byte[] {'m', 'u', 'x', 0})
                .with(MuxSession.FIRST_SERVICE, request)
                .with(Certauth.PASSWORD_PROMPT, u -> pw == null ? null : pw.clone())
                .with(Certauth.SECOND_FACTOR_PROMPT, u -> {
                    codeAsked.incrementAndGet();
                    return code.clone();
                });
    }

    private static void awaitLog(String text) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> f.server.err().contains(text));
        assertTrue(f.server.err().contains(text));
    }
}
