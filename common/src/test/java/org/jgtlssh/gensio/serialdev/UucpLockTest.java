package org.jgtlssh.gensio.serialdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.testutil.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UUCP lock files in gensio's format, with stale-lock cleaning and a clear error when held. */
class UucpLockTest {
    @TempDir
    Path dir;

    @Test
    void namesAsGensioDoes() {
        assertEquals("LCK..ttyUSB0", UucpLock.lockName("/dev/ttyUSB0"));
        assertEquals("LCK.._tmp_ttyA", UucpLock.lockName("/tmp/ttyA"));
        assertEquals("LCK..serial_by-id_x", UucpLock.lockName("/dev/serial/by-id/x"));
        assertFalse(UucpLock.wanted("/dev/tty"));
    }

    @Test
    void writesTheHdbPidAndRemovesItOnClose() throws IOException {
        Path f;
        try (UucpLock l = UucpLock.acquire(dir, "/dev/ttyUSB0", "serialdev,/dev/ttyUSB0")) {
            f = l.file();
            assertEquals(String.format("%10d\n", ProcessHandle.current().pid()), Files.readString(f));
            assertEquals(11, Files.size(f));
            GensioException e = assertThrows(GensioException.class,
                    () -> UucpLock.acquire(dir, "/dev/ttyUSB0", "serialdev,/dev/ttyUSB0"));
            assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
        }
        assertFalse(Files.exists(f));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void aLiveOwnerKeepsTheLock() throws Exception {
        try (ManagedProcess p = ManagedProcess.start("sleep", "30")) {
            Files.writeString(dir.resolve("LCK..ttyS3"), String.format("%10d\n", p.process().pid()));
            GensioException e = assertThrows(GensioException.class,
                    () -> UucpLock.acquire(dir, "/dev/ttyS3", "serialdev,/dev/ttyS3"));
            assertEquals("serialdev,/dev/ttyS3: device is locked by process " + p.process().pid() + " ("
                    + dir.resolve("LCK..ttyS3") + ")", e.getMessage());
        }
    }

    @Test
    void aStaleLockWhoseProcessIsGoneIsCleaned() throws Exception {
        long deadPid;
        try (ManagedProcess p = ManagedProcess.start("true")) {
            p.waitFor(java.time.Duration.ofSeconds(10));
            deadPid = p.process().pid();
        }
        Files.writeString(dir.resolve("LCK..ttyS4"), String.format("%10d\n", deadPid));
        try (UucpLock l = UucpLock.acquire(dir, "/dev/ttyS4", "serialdev,/dev/ttyS4")) {
            assertEquals(ProcessHandle.current().pid(), UucpLock.ownerPid(l.file()));
        }
        Files.writeString(dir.resolve("LCK..ttyS5"), "garbage");
        try (UucpLock l = UucpLock.acquire(dir, "/dev/ttyS5", "serialdev,/dev/ttyS5")) {
            assertEquals(ProcessHandle.current().pid(), UucpLock.ownerPid(l.file()));
        }
    }

    /**
     * A live pid that has no descriptor on the device, in a lock older than the grace time, is stale: what
     * a program killed as pid 1 of a pid namespace leaves behind ("1" is always alive). The same pid
     * with the device open keeps the lock, and so does a fresh lock (its owner may not have opened it yet).
     */
    @Test
    void anOldLockOfALiveProcessWithoutTheDeviceOpenIsStale() throws Exception {
        Path device = Files.writeString(dir.resolve("ttyX"), "");
        Path lock = dir.resolve(UucpLock.lockName(device.toString()));
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(UucpLock.GRACE).minusSeconds(5));
        try (ManagedProcess holder = ManagedProcess.start("sh", "-c", "exec sleep 30 <'" + device + "'");
                ManagedProcess other = ManagedProcess.start("sleep", "30")) {
            org.awaitility.Awaitility.await().until(() -> Files.exists(Path.of("/proc", "" + holder.process().pid(),
                    "fd", "0")) && Files.readSymbolicLink(Path.of("/proc", "" + holder.process().pid(), "fd", "0"))
                    .equals(device.toRealPath()));

            Files.writeString(lock, String.format("%10d\n", holder.process().pid()));
            Files.setLastModifiedTime(lock, old);
            assertThrows(GensioException.class, () -> UucpLock.acquire(dir, device.toString(), "serialdev"),
                    "the owner has the device open");

            Files.writeString(lock, String.format("%10d\n", other.process().pid()));
            assertThrows(GensioException.class, () -> UucpLock.acquire(dir, device.toString(), "serialdev"),
                    "a fresh lock is honoured");
            Files.setLastModifiedTime(lock, old);
            try (UucpLock l = UucpLock.acquire(dir, device.toString(), "serialdev")) {
                assertEquals(ProcessHandle.current().pid(), UucpLock.ownerPid(l.file()));
            }
        }
    }
}
