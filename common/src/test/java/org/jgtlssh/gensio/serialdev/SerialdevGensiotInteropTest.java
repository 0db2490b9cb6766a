package org.jgtlssh.gensio.serialdev;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our serialdev against the real gensiot 2.6.2 on the other end of a socat pty pair, one direction at
 * a time (socat deadlocks on unwindowed bulk both ways), byte-exact.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SerialdevGensiotInteropTest {
    @TempDir
    Path dir;

    /** gensiot killed by the test cannot remove its lock; remove it once its process is gone. */
    @org.junit.jupiter.api.AfterEach
    void removeGensiotsStaleLock() throws IOException {
        removeStaleLock(dir.resolve("ttyA"));
    }

    static void removeStaleLock(Path device) throws IOException {
        Path lock = Path.of("/var/lock", UucpLock.lockName(device.toString()));
        long pid = UucpLock.ownerPid(lock);
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            java.nio.file.Files.deleteIfExists(lock);
        }
    }

    /** gensiot has opened its end once its UUCP lock exists (2.6.2 locks ptys too). */
    static void awaitOpened(Path device) {
        Path lock = Path.of("/var/lock", UucpLock.lockName(device.toString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.exists(lock));
    }

    @Test
    void gensiotToUs() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(11).nextBytes(data);
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                Gensio ours = Gensios.connect("serialdev," + cable.b() + ",115200n81,local");
                ManagedProcess gensiot = ManagedProcess.start(List.of(RealGensio.gensiot(),
                        "serialdev," + cable.a() + ",115200n81,local"))) {
            Thread feeder = Thread.ofVirtual().start(() -> {
                try (OutputStream in = gensiot.stdin()) {
                    in.write(data);
                    in.flush();
                    Thread.sleep(60_000); // keep stdin open: EOF would close gensiot's side early
                } catch (IOException | InterruptedException ignored) {
                    // the test ended
                }
            });
            assertArrayEquals(data, SerialdevPtyTest.readExactly(ours, data.length));
            feeder.interrupt();
        }
    }

    @Test
    void usToGensiot() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(12).nextBytes(data);
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                ManagedProcess gensiot = ManagedProcess.start(List.of("sh", "-c",
                        "sleep 120 | " + RealGensio.gensiot() + " serialdev," + cable.a() + ",115200n81,local"));
                Gensio ours = Gensios.connect("serialdev," + cable.b() + ",115200n81,local")) {
            awaitOpened(cable.a());
            ours.write(data);
            await().atMost(Duration.ofSeconds(60)).until(() -> gensiot.outBytes().length >= data.length);
            assertArrayEquals(data, gensiot.outBytes());
        }
    }
}
