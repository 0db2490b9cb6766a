package org.jgtlssh.gensio.relpkt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.serialdev.UucpLock;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * relpkt+msgdelim+serialdev against the real gensiot 2.6.2 over a socat pty pair, both roles
 * ({@code relpkt(mode=server)} on either side), 1 MB of random data each way at once, byte-exact, and
 * an orderly CLOSE that gensiot answers (it exits 0).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RelpktGensiotInteropTest {
    private static final int SIZE = 1 << 20;
    @TempDir
    Path dir;

    @AfterEach
    void removeGensiotsStaleLock() throws IOException {
        Path lock = Path.of("/var/lock", UucpLock.lockName(dir.resolve("ttyA").toString()));
        long pid = UucpLock.ownerPid(lock);
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            java.nio.file.Files.deleteIfExists(lock);
        }
    }

    @Test
    void gensiotIsTheServerWeAreTheClient() throws Exception {
        exchange("relpkt(mode=server),msgdelim,serialdev,%s,115200n81,local", "relpkt,msgdelim,serialdev,%s,115200n81,local");
    }

    @Test
    void gensiotIsTheClientWeAreTheServer() throws Exception {
        exchange("relpkt,msgdelim,serialdev,%s,115200n81,local", "relpkt(mode=server),msgdelim,serialdev,%s,115200n81,local");
    }

    private void exchange(String theirs, String ours) throws Exception {
        byte[] toThem = new byte[SIZE];
        byte[] toUs = new byte[SIZE];
        new Random(21).nextBytes(toThem);
        new Random(22).nextBytes(toUs);
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                ManagedProcess gensiot = ManagedProcess.start(List.of(RealGensio.gensiot(),
                        String.format(theirs, cable.a())))) {
            Thread feeder = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream in = gensiot.stdin();
                    in.write(toUs);
                    in.flush();
                    // stdin stays open: at EOF gensiot would start its own close
                } catch (IOException ignored) {
                    // gensiot ended; the assertions below say why
                }
            });
            Gensio g = Gensios.connect(String.format(ours, cable.b()));
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
                try {
                    return RelpktGensioTest.readAll(g, SIZE);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            g.write(toThem);
            g.flush();
            assertArrayEquals(toUs, got.get(60, TimeUnit.SECONDS), "gensiot -> us");
            await().atMost(Duration.ofSeconds(60)).until(() -> gensiot.outBytes().length >= SIZE);
            assertArrayEquals(toThem, gensiot.outBytes(), "us -> gensiot");
            feeder.join();
            // gensio advertised no frame capacity: gensio's 123-byte payloads, no larger frames
            assertEquals(123L, ((RelpktGensio) g).counters().get("max-payload-size"), "payload size toward gensiot");
            g.close(); // CLOSE, answered by gensiot's CLOSE
            assertEquals(0, gensiot.waitFor(Duration.ofSeconds(20)), "gensiot: " + gensiot.err());
        }
    }
}
