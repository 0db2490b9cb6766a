package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gensio.certauth.Certauth;
import org.jgtlssh.gensio.certauth.CertificateAuthenticator;
import org.jgtlssh.gensio.certauth.PasswordChecker;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;
import org.jgtlssh.testutil.ManagedProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password prompts: a small server of ours (mux, certauth with passwords, ssl) that refuses the client's
 * certificate, so certauth asks for a password. jgtlssh must ask on the terminal without echo, and must
 * not ask at all with --nointeractive.
 */
@Timeout(120)
class PasswordPromptTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    Path home;
    Accepter accepter;
    final AtomicReference<String> password = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        RealGtlsshd.keygen(home, "setup");
        Path srv = tmp.resolve("srv");
        RealGtlsshd.keygen(tmp, "--keydir", srv.toString(), "serverkey");
        CertificateAuthenticator noCerts = (user, cert) -> Optional.empty();
        PasswordChecker checker = (user, pw) -> {
            password.set(new String(pw, StandardCharsets.UTF_8));
            return java.security.MessageDigest.isEqual(pw, "s3cret".getBytes(StandardCharsets.UTF_8));
        };
        OpenContext ctx = OpenContext.DEFAULT.with(Certauth.AUTHENTICATOR, noCerts)
                .with(Certauth.PASSWORD_CHECKER, checker);
        accepter = Gensios.accepter("mux,certauth(enable-password),ssl(key=" + srv.resolve("gtlsshd.key") + ",cert="
                + srv.resolve("gtlsshd.crt") + "),tcp,127.0.0.1,0", ctx);
        // trust the server for 127.0.0.1 in advance
        HostTrust t = new HostTrust(home.resolve(".gtlssh/server_certs"), "127.0.0.1", accepter.port(), Clock.systemUTC());
        t.verify(HostTrustTest.parse(srv.resolve("gtlsshd.crt")), "ipv4,127.0.0.1," + accepter.port(), true,
                new ScriptedPrompter("y"));
        Thread.ofVirtual().start(() -> {
            while (true) {
                Incoming in;
                try {
                    in = accepter.accept();
                } catch (Exception e) {
                    return;
                }
                Thread.ofVirtual().start(() -> serve(in));
            }
        });
    }

    /** Ready, accept "exit" and "eof", send a line and exit status 7. */
    private static void serve(Incoming in) {
        try (Gensio ch = in.open()) {
            write(ch, OobEncoder.ready(), WriteFlags.OOB);
            write(ch, OobEncoder.encode(new OobMessage.ExtensionsAccepted(EnumSet.of(Feature.EXIT_STATUS, Feature.HALF_CLOSE))),
                    WriteFlags.OOB);
            write(ch, "logged in\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            write(ch, OobEncoder.encode(new OobMessage.Exit(ExitStatus.exited(7))), WriteFlags.OOB);
        } catch (Exception e) {
            in.abort();
        }
    }

    private static void write(Gensio g, byte[] b, int flags) throws java.io.IOException {
        g.write(b, 0, b.length, flags);
    }

    @AfterEach
    void tearDown() {
        accepter.close();
    }

    @Test
    void passwordIsReadFromTheTerminalWithoutEcho() throws Exception {
        Path script = JgtlsshProcess.script(tmp, home);
        String cmd = "'" + script + "' -p " + accepter.port() + " root@127.0.0.1 </dev/null; echo EXIT=$?; sleep 120";
        try (Tmux t = Tmux.start(100, 30, cmd)) {
            t.awaitScreen("Password: ", WAIT);
            t.type("s3cret");
            t.keys("Enter");
            t.awaitScreen("EXIT=", WAIT);
            String s = t.screen();
            assertTrue(s.contains("EXIT=7"), s);
            assertTrue(s.contains("logged in"), s);
            assertFalse(s.contains("s3cret"), "the password was echoed:\n" + s);
            assertEquals("s3cret", password.get());
        }
    }

    @Test
    void nointeractiveNeverPrompts() throws Exception {
        try (ManagedProcess p = JgtlsshProcess.start(home,
                List.of("--nointeractive", "-p", "" + accepter.port(), "root@127.0.0.1", "true"))) {
            assertEquals(255, p.waitFor(WAIT));
            assertFalse(p.err().contains("Password"), p.err());
            assertEquals("", p.out());
        }
    }
}
