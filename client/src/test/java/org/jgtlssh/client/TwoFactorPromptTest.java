package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
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
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jgtlssh against a server that asks for a second factor ({@code certauth(enable-password,enable-2fa)},
 * what jgtlsshd {@code --allow-password --do-2fa} runs): the password and then the code are read from the
 * terminal without echo, in that order, and the login goes through only with both. (jgtlsshd's own side,
 * with PAM, is proven in the server module's TwoFactorLoginTest.)
 */
@Timeout(120)
class TwoFactorPromptTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    Path home;
    Accepter accepter;
    final AtomicReference<String> code = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        RealGtlsshd.keygen(home, "setup");
        Path srv = tmp.resolve("srv");
        RealGtlsshd.keygen(tmp, "--keydir", srv.toString(), "serverkey");
        CertificateAuthenticator noCerts = (user, cert) -> Optional.empty();
        OpenContext ctx = OpenContext.DEFAULT.with(Certauth.AUTHENTICATOR, noCerts)
                .with(Certauth.PASSWORD_CHECKER, (user, pw) -> MessageDigest.isEqual(pw, bytes("s3cret")))
                .with(Certauth.SECOND_FACTOR_CHECKER, (user, tf) -> {
                    code.set(new String(tf, StandardCharsets.UTF_8));
                    return MessageDigest.isEqual(tf, bytes("424242"));
                });
        accepter = Gensios.accepter("mux,certauth(enable-password,enable-2fa),ssl(key=" + srv.resolve("gtlsshd.key")
                + ",cert=" + srv.resolve("gtlsshd.crt") + "),tcp,127.0.0.1,0", ctx);
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A refused login fails in open(); an accepted one gets a line and exit status 7. */
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

    private String login(String password, String secondFactor) throws Exception {
        Path script = JgtlsshProcess.script(tmp, home);
        String cmd = "'" + script + "' -p " + accepter.port() + " root@127.0.0.1 </dev/null; echo EXIT=$?; sleep 120";
        try (Tmux t = Tmux.start(100, 30, cmd)) {
            t.awaitScreen("Password: ", WAIT);
            t.type(password);
            t.keys("Enter");
            t.awaitScreen("2-factor auth: ", WAIT);
            t.type(secondFactor);
            t.keys("Enter");
            t.awaitScreen("EXIT=", WAIT);
            String s = t.screen();
            assertFalse(s.contains(password) || s.contains(secondFactor), "a secret was echoed:\n" + s);
            return s;
        }
    }

    @Test
    void passwordThenCodeFromTheTerminalBothRequired() throws Exception {
        String s = login("s3cret", "424242");
        assertTrue(s.contains("logged in") && s.contains("EXIT=7"), s);
        assertEquals("424242", code.get());

        s = login("s3cret", "000000");
        assertTrue(s.contains("EXIT=255") && !s.contains("logged in"), s);
        assertEquals("000000", code.get());
    }
}
