package org.jgtlssh.gensio.serialdev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jgtlssh.gensio.GensioException;

/**
 * A UUCP (HDB) lock file, the way gensio 2.6.2 takes one: {@code /var/lock/LCK..<name>} holding the
 * owner's pid as ten right-aligned decimal digits and a newline. {@code <name>} is the device path
 * without {@code /dev/}, with every {@code /} turned into {@code _} (so a pty link {@code /tmp/ttyA} is
 * locked as {@code LCK.._tmp_ttyA}, as observed with gensiot). A lock whose process is gone is stale
 * and is removed.
 *
 * <p>A live pid is not proof enough. A program that ran as pid 1 of a container (or of a test's pid
 * namespace) and was killed leaves "1" behind, and init never dies; a recycled pid does the same. So a
 * lock older than {@link #GRACE} whose process demonstrably has no descriptor on the device (its
 * {@code /proc/PID/fd} is readable and none points there) is stale too. Younger locks, and owners whose
 * descriptors we may not read, are honoured: a locker may not have opened the device yet.
 *
 * <p>The file is written under a temporary name and then hard-linked into place, so another process
 * never sees a half-written lock, and two processes racing for it cannot both win.
 */
public final class UucpLock implements AutoCloseable {
    /** Locks held by this JVM, released by a shutdown hook if the program exits without closing. */
    private static final java.util.Set<UucpLock> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> HELD.forEach(UucpLock::close), "uucp-lock-release"));
    }

    /** How long a fresh lock is honoured without the device open: time for its owner to open it. */
    static final java.time.Duration GRACE = java.time.Duration.ofSeconds(10);

    private final Path file;
    private boolean held;

    private UucpLock(Path file) {
        this.file = file;
    }

    /** The lock file name gensio uses for {@code device}. */
    public static String lockName(String device) {
        String d = device.startsWith("/dev/") ? device.substring(5) : device;
        return "LCK.." + d.replace('/', '_');
    }

    /** Whether gensio locks this device at all (never for the controlling terminal). */
    public static boolean wanted(String device) {
        return !device.equals("/dev/tty") && !device.equals("/dev/ptmx");
    }

    public static UucpLock acquire(Path dir, String device, String where) throws IOException {
        Path f = dir.resolve(lockName(device));
        byte[] content = String.format("%10d\n", ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; attempt < 3; attempt++) {
            Path tmp;
            try {
                tmp = Files.createTempFile(dir, "LTMP.", "", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-r--r--")));
            } catch (IOException e) {
                throw new GensioException(where, "cannot create a lock file in " + dir + ": " + e.getMessage(), e);
            }
            try {
                Files.write(tmp, content);
                Files.createLink(f, tmp);
                UucpLock l = new UucpLock(f);
                l.held = true;
                HELD.add(l);
                return l;
            } catch (FileAlreadyExistsException e) {
                long owner = ownerPid(f);
                if (owner == ProcessHandle.current().pid()) {
                    throw new GensioException(where, "device is already open in this process (lock " + f + ")");
                }
                if (owner > 0 && holds(owner, f, device)) {
                    throw new GensioException(where, "device is locked by process " + owner + " (" + f + ")");
                }
                // Stale: its process is gone (or the file is garbage). Remove it and try again.
                try {
                    Files.deleteIfExists(f);
                } catch (IOException d) {
                    throw new GensioException(where, "cannot remove the stale lock " + f + ": " + d.getMessage(), d);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        throw new GensioException(where, "could not take the lock " + f + " (another process keeps taking it)");
    }

    /** Whether live process {@code owner} really holds lock {@code f} on {@code device} (see the class comment). */
    static boolean holds(long owner, Path f, String device) {
        if (!ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            java.time.Instant written = Files.getLastModifiedTime(f).toInstant();
            if (written.isAfter(java.time.Instant.now().minus(GRACE))) {
                return true;
            }
            Path real = Path.of(device).toRealPath();
            try (var fds = Files.list(Path.of("/proc", Long.toString(owner), "fd"))) {
                return fds.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).equals(real);
                    } catch (IOException e) {
                        return false; // closed while we looked
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: honour the lock
        }
    }

    /** The pid in a lock file (HDB ASCII; also the old 4-byte binary form), or -1 if unreadable. */
    public static long ownerPid(Path f) {
        try {
            byte[] b = Files.readAllBytes(f);
            if (b.length > 64) {
                return -1;
            }
            String s = new String(b, StandardCharsets.US_ASCII).trim();
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s);
            }
            if (b.length == 4) {
                return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (long) (b[3] & 0xFF) << 24;
            }
            return -1;
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    public Path file() {
        return file;
    }

    /** Releases the lock if it is still ours. */
    @Override
    public synchronized void close() {
        if (held) {
            held = false;
            HELD.remove(this);
            if (ownerPid(file) == ProcessHandle.current().pid()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // nothing more can be done; the lock is stale once we exit
                }
            }
        }
    }
}
