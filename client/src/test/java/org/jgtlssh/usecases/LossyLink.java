package org.jgtlssh.usecases;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TestPaths;

/**
 * ../shared/tools/lossy-link.py: a serial cable between two ptys that drops and corrupts bytes and
 * can limit the rate like a UART. {@link #stop()} ends it with SIGTERM and returns how many bytes
 * it damaged, so a test can show that faults really happened.
 */
final class LossyLink implements AutoCloseable {
    private static final Pattern FAULTS = Pattern.compile("\"dropped\": (\\d+), \"flipped\": (\\d+)");

    private final ManagedProcess relay;
    private final Path a;
    private final Path b;
    private final Path stats;

    private LossyLink(ManagedProcess relay, Path a, Path b, Path stats) {
        this.relay = relay;
        this.stats = stats;
        this.a = a;
        this.b = b;
    }

    /**
     * @param baud bits per second per direction, 0 for unlimited
     * @param faultRate the drop rate and the bit-flip rate, each per byte and direction
     */
    static LossyLink open(Path dir, int baud, double faultRate, long seed) throws IOException {
        Path a = dir.resolve("ttyA");
        Path b = dir.resolve("ttyB");
        Path stats = dir.resolve("link-stats.json");
        ManagedProcess p = ManagedProcess.start(List.of("python3",
                TestPaths.shared().resolve("tools/lossy-link.py").toString(),
                "--baud", Integer.toString(baud), "--drop", Double.toString(faultRate),
                "--flip", Double.toString(faultRate), "--seed", Long.toString(seed), "--stats", stats.toString(), a.toString(), b.toString()));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("lossy-link.py exited: " + p.err());
                }
                return p.out().contains("lossy-link: ready");
            });
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return new LossyLink(p, a, b, stats);
    }

    Path a() {
        return a;
    }

    Path b() {
        return b;
    }

    /** Stops the relay (SIGTERM) and returns the bytes it dropped or corrupted, both directions. */
    long stop() throws InterruptedException, IOException {
        relay.process().destroy();
        int exit = relay.waitFor(Duration.ofSeconds(10));
        long damaged = 0;
        String json = Files.exists(stats) ? Files.readString(stats) : "";
        Matcher m = FAULTS.matcher(json);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            damaged += Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
            seen.add(m.group());
        }
        if (seen.size() != 2) {
            throw new AssertionError("no statistics from lossy-link.py (exit " + exit + "): " + json + "\nstderr: " + relay.err());
        }
        return damaged;
    }

    @Override
    public void close() {
        relay.close();
    }
}
