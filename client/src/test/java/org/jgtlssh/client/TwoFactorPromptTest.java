package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.certauth.Certauth;
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

    PromptingServer server;
    final AtomicReference<String> code = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        server = PromptingServer.start(tmp, "enable-password,enable-2fa", OpenContext.DEFAULT
                .with(Certauth.PASSWORD_CHECKER, (user, pw) -> MessageDigest.isEqual(pw, bytes("s3cret")))
                .with(Certauth.SECOND_FACTOR_CHECKER, (user, tf) -> {
                    code.set(new String(tf, StandardCharsets.UTF_8));
                    return MessageDigest.isEqual(tf, bytes("424242"));
                }));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private String login(String password, String secondFactor) throws Exception {
        Path script = JgtlsshProcess.script(tmp, server.home);
        String cmd = "'" + script + "' -p " + server.port() + " root@127.0.0.1 </dev/null; echo EXIT=$?; sleep 120";
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
