package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An interactive login to the real gtlsshd 2.6.2, driven through tmux like a person at a terminal. */
@Timeout(180)
class InteractiveRealGtlsshdTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void firstContactLoginResizeEscapeQuitAndTrustSharedWithGtlssh(@TempDir Path tmp) throws Exception {
        try (RealGtlsshd server = RealGtlsshd.start(tmp)) {
            Path script = JgtlsshProcess.script(tmp, server.clientHome);
            // stdin is the tmux pane (a terminal): login mode, raw terminal, escape ^\ active
            String cmd = "TERM=xterm-256color '" + script + "' -p " + server.port + " root@127.0.0.1; "
                    + "echo EXIT=$?; stty -a | tr -s ' ;\\n' '\\n\\n\\n' | grep -E '^-?(icanon|echo|isig|opost)$' "
                    + "| tr '\\n' ' '; echo END; sleep 120";
            try (Tmux t = Tmux.start(100, 30, cmd)) {
                // first contact: the question comes on the terminal, with both fingerprints
                t.awaitScreen("Add this certificate? (y/n):", WAIT);
                String q = t.screen();
                assertTrue(q.contains("SHA256 fingerprint:"), q);
                assertTrue(q.contains(org.jgtlssh.keys.Fingerprints.sha1(HostTrustTest.parse(server.serverCert))), q);
                t.keys("y", "Enter");
                t.awaitScreen("root@", WAIT); // the remote shell's prompt
                t.type("stty size; echo MARK1\r");
                t.awaitScreen("30 100", WAIT);
                t.run("resize-window", "-x", "120", "-y", "40");
                t.typeUntil("stty size; echo MARK2\r", "40 120", WAIT);
                t.keys("C-\\", "q");
                t.awaitScreen("END", WAIT);
                String s = t.screen();
                assertTrue(s.contains("EXIT=0"), s);
                // the local terminal is back in cooked mode
                assertTrue(s.contains("icanon") && !s.contains("-icanon"), s);
                assertTrue(s.contains(" echo ") || s.contains("\necho "), s);
                assertFalse(s.contains("-echo "), s);
                assertFalse(s.contains("-isig"), s);
                assertFalse(s.contains("-opost"), s);
            }
            Path sc = server.clientHome.resolve(".gtlssh/server_certs");
            assertTrue(Files.exists(sc.resolve("127.0.0.1," + server.port + ".crt")));
            assertTrue(Files.exists(sc.resolve("ipv4,127.0.0.1," + server.port + ".crt")));

            // second contact: silent
            try (ManagedProcess p = JgtlsshProcess.start(server.clientHome,
                    List.of("--nointeractive", "-p", "" + server.port, "root@127.0.0.1", "echo", "again"))) {
                assertEquals(0, p.waitFor(WAIT), p.err());
                assertEquals("again\n", p.out());
                assertEquals("", p.err());
            }
            // and the real gtlssh trusts what we stored without asking
            try (ManagedProcess g = ManagedProcess.start(List.of(RealGensio.binary("gtlssh"), "-p", "" + server.port,
                    "root@127.0.0.1", "echo", "gtlssh-too"), Map.of("HOME", server.clientHome.toString()),
                    server.clientHome, true)) {
                assertEquals(0, g.waitFor(WAIT), g.err());
                assertEquals("gtlssh-too\n", g.out());
                assertFalse(g.err().contains("Add this certificate"), g.err());
            }
        }
    }

    /** SIGTERM to jgtlssh, and the server vanishing: both leave the local terminal as it was. */
    @Test
    void terminalRestoredOnSigtermAndWhenTheServerVanishes(@TempDir Path tmp) throws Exception {
        RealGtlsshd server = RealGtlsshd.start(tmp);
        try (server) {
            server.trustServer();
            Path script = JgtlsshProcess.script(tmp, server.clientHome);
            String check = "echo EXIT=$?; stty -a | tr -s ' ;\\n' '\\n\\n\\n' | grep -E '^-?(icanon|echo|isig)$' "
                    + "| tr '\\n' ' '; echo END; sleep 120";
            try (Tmux t = Tmux.start(100, 30, "'" + script + "' -p " + server.port + " root@127.0.0.1; " + check)) {
                t.awaitScreen("root@", WAIT);
                ProcessHandle shell = ProcessHandle.of(Long.parseLong(t.run("display-message", "-p", "#{pane_pid}")
                        .strip())).orElseThrow();
                ProcessHandle java = shell.children().findFirst().orElseThrow();
                java.destroy(); // SIGTERM
                t.awaitScreen("END", WAIT);
                assertRestored(t.screen(), "EXIT=143");
            }
            try (Tmux t = Tmux.start(100, 30, "'" + script + "' -p " + server.port + " root@127.0.0.1; " + check)) {
                t.awaitScreen("root@", WAIT);
                server.close(); // the server and its sessions are gone at once
                t.awaitScreen("END", WAIT);
                assertRestored(t.screen(), "EXIT=");
            }
        }
    }

    private static void assertRestored(String s, String exit) {
        assertTrue(s.contains(exit), s);
        assertTrue(s.contains("icanon") && !s.contains("-icanon"), s);
        assertFalse(s.contains("-echo "), s);
        assertFalse(s.contains("-isig"), s);
    }
}
