package org.jgtlssh.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgtlssh.testutil.ManagedProcess;

/** A private tmux server (own socket) with one window: a real terminal that a test can type into and read. */
final class Tmux implements AutoCloseable {
    private final String socket = "jgtlssh-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    /** Starts {@code shellCommand} in a detached window of the given size, status line off. */
    static Tmux start(int cols, int rows, String shellCommand) throws Exception {
        Tmux t = new Tmux();
        t.run("-f", "/dev/null", "new-session", "-d", "-x", "" + cols, "-y", "" + rows, shellCommand);
        t.run("set", "-g", "status", "off");
        return t;
    }

    String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(20)), "tmux " + String.join(" ", args) + ": " + p.err());
            return p.out();
        }
    }

    String screen() throws Exception {
        return run("capture-pane", "-p", "-J", "-S", "-200");
    }

    void keys(String... keys) throws Exception {
        List<String> a = new ArrayList<>(List.of("send-keys"));
        a.addAll(List.of(keys));
        run(a.toArray(String[]::new));
    }

    /** Types text literally (no key-name interpretation). */
    void type(String text) throws Exception {
        run("send-keys", "-l", text);
    }

    void awaitScreen(String text, Duration max) {
        await().atMost(max).pollInterval(Duration.ofMillis(100)).until(() -> screen().contains(text));
    }

    /**
     * Types {@code line} until {@code text} shows up: for a check that races an asynchronous change (a
     * resize travels as its own message, so a command typed right after it may still see the old size).
     */
    void typeUntil(String line, String text, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            type(line);
            try {
                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                        .until(() -> screen().contains(text));
                return;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("'" + text + "' never appeared:\n" + screen(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        try (ManagedProcess p = ManagedProcess.start("tmux", "-L", socket, "kill-server")) {
            p.waitFor(Duration.ofSeconds(10));
        } catch (Exception e) {
            // the server may be gone already
        }
        try {
            String dir = System.getenv().getOrDefault("TMUX_TMPDIR", "/tmp");
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(dir, "tmux-" + org.jgtlssh.keys.GtlsshDir.currentUid(),
                    socket));
        } catch (Exception e) {
            // nothing left to clean
        }
    }
}
