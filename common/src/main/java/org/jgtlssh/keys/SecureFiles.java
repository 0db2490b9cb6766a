package org.jgtlssh.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creating key and certificate files safely.
 *
 * <ul>
 *   <li>A file is first written to a temporary file in the same directory, created with {@code O_EXCL}
 *       and its final permissions (so a private key is never readable by others, not even for an
 *       instant), flushed to disk, and only then given its name — the reader sees the old file or the
 *       complete new one, never half a key.
 *   <li>{@link #createNew} gives the name with a hard link, which fails if the name exists: no check-then-
 *       write race can make it overwrite a file (a planted symlink included).
 *   <li>{@link #replace} renames over the old file atomically; callers use it only with {@code --force}
 *       or a yes from the user, after {@link #backup}.
 * </ul>
 */
public final class SecureFiles {
    /** rw------- : private keys, server_certs entries. */
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- : certificates (public), as gtlssh-keygen leaves them with a 022 umask. */
    public static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    /** rwx------ : ~/.gtlssh and its sub-directories. */
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {}

    /**
     * Writes a new file; fails with {@link FileAlreadyExistsException} if {@code target} exists (as a file,
     * directory or symlink, dangling or not).
     */
    public static void createNew(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path tmp = writeTemp(target, content, perms);
        try {
            try {
                Files.createLink(target, tmp);
            } catch (UnsupportedOperationException e) {
                // No hard links (some network file systems): the move below refuses an existing name,
                // though not atomically.
                Files.move(tmp, target);
                return;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code target}, atomically replacing whatever file has that name. */
    public static void replace(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path tmp = writeTemp(target, content, perms);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a new file, or replaces an existing one when {@code overwrite} is true. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> perms, boolean overwrite)
            throws IOException {
        if (overwrite) {
            replace(target, content, perms);
        } else {
            createNew(target, content, perms);
        }
    }

    /**
     * Renames {@code file} to {@code file.1}, replacing an older {@code .1} — how gtlssh-keygen keeps the
     * previous key pair. Does nothing if {@code file} does not exist.
     *
     * @return the backup's path, or null if there was nothing to back up
     */
    public static Path backup(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path old = file.resolveSibling(file.getFileName() + ".1");
        Files.move(file, old, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return old;
    }

    /**
     * Creates a directory with mode 0700 if it does not exist (the parent must exist). An existing one is
     * left as it is; check it with {@link GtlsshDir#checkPrivateDirectory}.
     *
     * @return true if it was created
     */
    public static boolean createPrivateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            Files.setPosixFilePermissions(dir, PRIVATE_DIR); // in case the umask took more away
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static Path writeTemp(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // createTempFile opens with O_CREAT|O_EXCL and the given mode (narrowed by the umask, never widened).
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(perms));
        boolean ok = false;
        try {
            Files.setPosixFilePermissions(tmp, perms); // the exact mode, whatever the umask
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            ok = true;
            return tmp;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
