package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.testutil.ManagedProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile server of ours whose certificate subject carries terminal control sequences (set the window
 * title, clear the screen, colour). Whatever path prints it (first-contact question, --nointeractive
 * refusal, changed-certificate warning), the local terminal must not obey.
 */
@Timeout(120)
class MaliciousServerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EVIL = "a\u001b]0;PWNED\u0007\u001b[2J\u001b[31mb";

    @TempDir
    Path tmp;

    Path home;
    Accepter accepter;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        RealGtlsshd.keygen(home, "setup");
        try (ManagedProcess p = ManagedProcess.start("openssl", "req", "-x509", "-newkey", "ed25519", "-nodes",
                "-keyout", tmp.resolve("evil.key").toString(), "-out", tmp.resolve("evil.crt").toString(),
                "-days", "30", "-utf8", "-subj", "/CN=" + EVIL + "/O=gensio")) {
            assertEquals(0, p.waitFor(WAIT), p.err());
        }
        accepter = Gensios.accepter("ssl(key=" + tmp.resolve("evil.key") + ",cert=" + tmp.resolve("evil.crt")
                + "),tcp,127.0.0.1,0");
        Thread.ofVirtual().start(() -> {
            while (true) {
                try {
                    Incoming in = accepter.accept();
                    Thread.ofVirtual().start(() -> {
                        try {
                            in.open().close();
                        } catch (Exception e) {
                            in.abort(); // the client refused us, as it should
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        accepter.close();
    }

    @Test
    void refusalTextCarriesNoControlBytes() throws Exception {
        try (ManagedProcess p = JgtlsshProcess.start(home,
                List.of("--nointeractive", "-p", "" + accepter.port(), "127.0.0.1", "true"))) {
            assertEquals(255, p.waitFor(WAIT));
            byte[] err = p.err().getBytes(StandardCharsets.UTF_8);
            for (byte b : err) {
                assertTrue(b == '\n' || b >= 0x20 || b < 0, "control byte " + b + " in: " + p.err());
            }
            assertTrue(p.err().contains("subject:"), p.err());
            assertFalse(p.err().contains("PWNED"), "the whole OSC sequence is dropped: " + p.err());
            assertEquals("", p.out());
        }
    }

    @Test
    void questionOnATerminalCannotRetitleOrClearIt() throws Exception {
        Path script = JgtlsshProcess.script(tmp, home);
        String cmd = "printf '\\033]0;original\\007'; echo BEFORE-MARK; '" + script + "' -p " + accepter.port()
                + " 127.0.0.1; echo EXIT=$?; sleep 120";
        try (Tmux t = Tmux.start(120, 40, cmd)) {
            t.awaitScreen("Add this certificate? (y/n):", WAIT);
            t.keys("n", "Enter");
            t.awaitScreen("EXIT=255", WAIT);
            String s = t.screen();
            assertTrue(s.contains("BEFORE-MARK"), "the screen was not cleared:\n" + s);
            assertTrue(s.contains("subject:"), s);
            String title = t.run("display-message", "-p", "#{pane_title}").strip();
            assertNotEquals("PWNED", title);
            assertEquals("original", title);
        }
    }

    @Test
    void changedCertificateWarningIsStrippedToo() throws Exception {
        // a different certificate is pinned for this name: the warning shows the evil subject
        Path other = tmp.resolve("other");
        RealGtlsshd.keygen(home, "--keydir", other.toString(), "serverkey");
        Files.copy(other.resolve("gtlsshd.crt"), home.resolve(".gtlssh/server_certs/127.0.0.1," + accepter.port() + ".crt"));
        try (ManagedProcess p = JgtlsshProcess.start(home, List.of("-p", "" + accepter.port(), "127.0.0.1", "true"))) {
            assertEquals(255, p.waitFor(WAIT));
            assertTrue(p.err().contains("HAS CHANGED"), p.err());
            assertFalse(p.err().contains("\u001b"), p.err());
            assertFalse(p.err().contains("\u0007"), p.err());
        }
    }
}
