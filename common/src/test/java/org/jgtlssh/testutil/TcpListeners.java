package org.jgtlssh.testutil;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Whether something listens on a TCP port, read from the kernel's socket tables ({@code /proc/net/tcp}
 * and {@code tcp6}, state 0A). Tests wait for a server this way rather than by connecting: a probe
 * connection would itself be taken as the one connection by a single-shot server (gensiot, jgensiot,
 * {@code --oneshot}), and a server's "ready" line may sit in a block-buffered pipe.
 */
public final class TcpListeners {
    private TcpListeners() {}

    /** True when some socket (any address, IPv4 or IPv6) listens on TCP {@code port}. */
    public static boolean isListening(int port) {
        String hex = String.format(":%04X", port);
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines) {
                String[] w = line.trim().split("\\s+");
                if (w.length > 3 && w[1].endsWith(hex) && w[3].equals("0A")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Waits until something listens on TCP {@code port}; fails after {@code max}. */
    public static void awaitListening(int port, Duration max) {
        await().atMost(max).until(() -> isListening(port));
    }
}
