package org.jgtlssh.usecases;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TcpListeners;
import org.jgtlssh.testutil.TestPaths;

/** What the use-case scenarios share: starting the launchers and waiting for processes to be ready. */
final class Scenario {
    static final Duration READY = Duration.ofSeconds(30);

    private Scenario() {}

    /** bin/jgensiot, the launcher a user runs. */
    static String jgensiot() {
        return TestPaths.bin("jgensiot").toString();
    }

    /** Starts bin/jgensiot with these arguments; stdout and stderr are captured. */
    static ManagedProcess jgensiot(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(jgensiot());
        cmd.addAll(List.of(args));
        return ManagedProcess.start(cmd, Map.of(), null, true);
    }

    /** One argument quoted for sh. */
    static String shQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Waits for a TCP listener on the port of 127.0.0.1 by watching /proc/net/tcp: a probe
     * connection would itself be taken as the one connection by a single-shot jgensiot.
     */
    static void awaitListening(int port) {
        TcpListeners.awaitListening(port, READY);
    }

    /**
     * Waits until the process holds the device open (the far side of a serial line is listening
     * once its serialdev is open; bytes sent before that would be lost on the wire).
     */
    static void awaitDeviceOpen(ManagedProcess p, Path device) throws IOException {
        Path real = device.toRealPath();
        Path fds = Path.of("/proc", Long.toString(p.process().pid()), "fd");
        await().atMost(READY).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError(p + " exited early: " + p.err());
            }
            try (var s = Files.list(fds)) {
                return s.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).equals(real);
                    } catch (IOException e) {
                        return false; // the fd closed meanwhile
                    }
                });
            }
        });
    }
}
