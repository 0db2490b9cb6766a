package org.jgtlssh.gensio.relpkt;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TestPaths;

/** {@code shared/tools/lossy-link.py}: a seeded, rate-limited, faulty serial cable between two ptys. */
final class LossyLink implements AutoCloseable {
    final ManagedProcess relay;
    final Path a;
    final Path b;

    /**
     * @param faultPerByte combined rate: half drops, half bit flips, both directions
     * @param outage "START:SECONDS" or null
     */
    LossyLink(Path dir, double faultPerByte, int baud, long seed, String outage) throws Exception {
        a = dir.resolve("lossyA");
        b = dir.resolve("lossyB");
        List<String> cmd = new ArrayList<>(List.of("python3", TestPaths.shared().resolve("tools/lossy-link.py").toString(),
                "--drop", Double.toString(faultPerByte / 2), "--flip", Double.toString(faultPerByte / 2),
                "--baud", Integer.toString(baud), "--seed", Long.toString(seed)));
        if (outage != null) {
            cmd.add("--outage");
            cmd.add(outage);
        }
        cmd.add(a.toString());
        cmd.add(b.toString());
        relay = ManagedProcess.start(cmd);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.out().contains("lossy-link: ready") || !relay.isAlive());
        if (!relay.isAlive()) {
            throw new IllegalStateException("lossy-link.py failed: " + relay.err());
        }
    }

    /** Stops the relay politely so it prints its statistics, and returns them. */
    String stop() throws InterruptedException {
        relay.process().destroy();
        relay.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        return relay.out().trim();
    }

    @Override
    public void close() {
        relay.close();
    }
}
