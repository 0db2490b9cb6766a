package org.jgtlssh.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jgtlssh.testutil.ManagedProcess;

/** A detached tmux session running one command: a real terminal for interactive tests. */
final class Tmux implements AutoCloseable {
    final String name;

    Tmux(String name, int cols, int rows, String command) throws Exception {
        this.name = name;
        tmux("new-session", "-d", "-s", name, "-x", String.valueOf(cols), "-y", String.valueOf(rows), command + "; sleep 60");
    }

    void type(String keys) throws Exception {
        tmux("send-keys", "-t", name, "-l", keys);
    }

    void enter() throws Exception {
        tmux("send-keys", "-t", name, "Enter");
    }

    void resize(int cols, int rows) throws Exception {
        tmux("resize-window", "-t", name, "-x", String.valueOf(cols), "-y", String.valueOf(rows));
    }

    String screen() throws Exception {
        try (ManagedProcess p = ManagedProcess.start(List.of("tmux", "capture-pane", "-p", "-t", name), Map.of(), null, true)) {
            p.waitFor(Duration.ofSeconds(10));
            return p.out();
        }
    }

    /** Waits until the screen contains {@code text}; fails with the screen's content. */
    String await(String text) {
        String[] last = {""};
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                last[0] = screen();
                return last[0].contains(text);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("screen never showed '" + text + "':\n" + last[0], e);
        }
        return last[0];
    }

    private static void tmux(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "tmux";
        System.arraycopy(args, 0, cmd, 1, args.length);
        GtlsshFixture.run(Map.of(), cmd);
    }

    @Override
    public void close() throws Exception {
        try {
            tmux("kill-session", "-t", name);
        } catch (Exception ignored) {
            // already gone
        }
    }
}
