package org.jgtlssh.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code scripts/quickstart}, as a new user runs it (after the build, so in
 * the integration-test phase): keys made in a private directory, a private jgtlsshd, a real login, and
 * the server gone when the session ends.
 */
class QuickstartIT {
    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("JGTLSSH_QUICKSTART_DIR", dir.resolve("qs").toString(), "JGTLSSH_QUICKSTART_NOBUILD", "1");
    }

    private Path script() {
        return TestPaths.root().resolve("scripts/quickstart");
    }

    /** The server's pid from its first log line, {@code jgtlsshd[PID]: ...}. */
    private static long serverPid(String log) {
        int open = log.indexOf('[');
        int close = log.indexOf(']');
        assertTrue(log.startsWith("jgtlsshd[") && close > open, log);
        return Long.parseLong(log.substring(open + 1, close));
    }

    @Test
    void aRemoteCommandRunsWithItsOutputStreamsAndExitStatus() throws Exception {
        try (ManagedProcess p = ManagedProcess.start(List.of(script().toString(), "sh", "-c",
                "echo out-$((6*7)); echo err-line >&2; exit 3"), env(), dir, true)) {
            p.stdin().close();
            assertEquals(3, p.waitFor(Duration.ofSeconds(120)), p.err());
            assertEquals("out-42\n", p.out());
            assertTrue(p.err().contains("err-line"), p.err());
        }
        Path qs = dir.resolve("qs");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                qs.resolve("home/.gtlssh/default.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                qs.resolve("server/gtlsshd.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(qs)));
        String log = Files.readString(qs.resolve("server/jgtlsshd.log"));
        assertTrue(log.contains("result=accepted"), log);
        long pid = serverPid(log);
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void anInteractiveLoginFollowsTheWindowAndLeavingItStopsTheServer() throws Exception {
        String cmd = "env JGTLSSH_QUICKSTART_DIR=" + dir.resolve("qs") + " JGTLSSH_QUICKSTART_NOBUILD=1 "
                + script() + "; echo QUICKSTART-EXIT=$?; sleep 60";
        try (Tmux t = Tmux.start(100, 30, cmd)) {
            t.awaitScreen("quickstart: jgtlsshd", Duration.ofSeconds(90));
            // type only once the shell prompts: the client's switch to raw mode flushes earlier input
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String s = t.screen().strip();
                return s.endsWith("$") || s.endsWith("#");
            });
            t.type("echo logged-in-$((40+2)); stty size\n");
            t.awaitScreen("logged-in-42", Duration.ofSeconds(30));
            t.awaitScreen("30 100", Duration.ofSeconds(10));
            t.run("resize-window", "-x", "120", "-y", "40");
            // the resize travels as its own message: a command typed at once may still see the old size
            t.typeUntil("stty size\n", "40 120", Duration.ofSeconds(30));
            t.type("exit\n");
            t.awaitScreen("QUICKSTART-EXIT=0", Duration.ofSeconds(30));
        }
        long pid = serverPid(Files.readString(dir.resolve("qs/server/jgtlsshd.log")));
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
