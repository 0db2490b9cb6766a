package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jgtlssh.testutil.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --oneshot} and {@code -P}: one connection served, then the server exits and removes its pid file. */
class OneshotTest {
    @TempDir
    Path dir;

    @Test
    void servesOneConnectionThenExits() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create test accounts");
        Path pid = dir.resolve("jgtlsshd.pid");
        try (GtlsshFixture f = new GtlsshFixture(dir.resolve("f"), "--oneshot", "-P", pid.toString())) {
            assertEquals(String.valueOf(f.server.process().pid()), Files.readString(pid).trim());
            try (ManagedProcess c = f.gtlssh("-p", f.portArg(), f.target(), "echo", "once")) {
                assertEquals(0, c.waitFor(Duration.ofSeconds(30)), c.err());
                assertEquals("once\n", c.out());
            }
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !f.server.isAlive());
            assertEquals(0, f.server.process().exitValue(), f.server.err());
            assertFalse(Files.exists(pid));
        }
    }
}
