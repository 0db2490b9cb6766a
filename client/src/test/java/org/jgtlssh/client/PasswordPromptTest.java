package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.certauth.Certauth;
import org.jgtlssh.gensio.certauth.PasswordChecker;
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

    PromptingServer server;
    final AtomicReference<String> password = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        PasswordChecker checker = (user, pw) -> {
            password.set(new String(pw, StandardCharsets.UTF_8));
            return java.security.MessageDigest.isEqual(pw, "s3cret".getBytes(StandardCharsets.UTF_8));
        };
        server = PromptingServer.start(tmp, "enable-password", OpenContext.DEFAULT.with(Certauth.PASSWORD_CHECKER, checker));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void passwordIsReadFromTheTerminalWithoutEcho() throws Exception {
        Path script = JgtlsshProcess.script(tmp, server.home);
        String cmd = "'" + script + "' -p " + server.port() + " root@127.0.0.1 </dev/null; echo EXIT=$?; sleep 120";
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
        try (ManagedProcess p = JgtlsshProcess.start(server.home,
                List.of("--nointeractive", "-p", "" + server.port(), "root@127.0.0.1", "true"))) {
            assertEquals(255, p.waitFor(WAIT));
            assertFalse(p.err().contains("Password"), p.err());
            assertEquals("", p.out());
        }
    }
}
