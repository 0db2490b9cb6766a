package org.jgtlssh.keygen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.SecureFiles;

/**
 * gtlssh-keygen's directory check: make {@code ~/.gtlssh} and its sub-directories (0700) after asking,
 * and refuse to work with ones that are not directories, not ours, or open to others.
 */
final class BaseDirectory {
    private BaseDirectory() {}

    static void ensure(GtlsshDir dir, Prompter prompter) throws IOException {
        Path base = dir.base();
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            if (!prompter.ask(base + " does not exist.  Do you want to create it?")) {
                throw new ExitCodes.Failure("Not modifying " + base + ", giving up");
            }
            Path parent = base.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new ExitCodes.Failure("Unable to create " + base + ": " + parent + " does not exist");
            }
            SecureFiles.createPrivateDirectory(base);
            for (Path sub : List.of(dir.keycerts(), dir.allowedCerts(), dir.serverCerts())) {
                SecureFiles.createPrivateDirectory(sub);
            }
            return;
        }
        check(base);
        for (Path sub : List.of(dir.keycerts(), dir.allowedCerts(), dir.serverCerts())) {
            if (!Files.exists(sub, LinkOption.NOFOLLOW_LINKS)) {
                if (!prompter.ask(sub + " does not exist.  Create it?")) {
                    throw new ExitCodes.Failure("Not modifying " + sub + ", giving up");
                }
                SecureFiles.createPrivateDirectory(sub);
            } else {
                check(sub);
            }
        }
    }

    /** A directory the user gave with --keydir: must be ours and not writable by others; made 0700 if missing. */
    static void ensureKeyDir(Path keyDir) throws IOException {
        if (!Files.exists(keyDir, LinkOption.NOFOLLOW_LINKS)) {
            if (keyDir.getParent() == null || !Files.isDirectory(keyDir.getParent())) {
                throw new ExitCodes.Failure("Unable to create " + keyDir + ": its parent does not exist");
            }
            SecureFiles.createPrivateDirectory(keyDir);
            return;
        }
        if (!Files.isDirectory(keyDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ExitCodes.Failure(keyDir + " is not a directory");
        }
        try {
            GtlsshDir.checkOwner(keyDir);
        } catch (GtlsshDir.UnsafePathException e) {
            throw new ExitCodes.Failure(e.getMessage());
        }
        var perms = Files.getPosixFilePermissions(keyDir, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
            // Others could swap our key files after we wrote them.
            throw new ExitCodes.Failure(keyDir + " is writable by others, giving up");
        }
    }

    private static void check(Path p) throws IOException {
        try {
            GtlsshDir.checkPrivateDirectory(p);
        } catch (GtlsshDir.UnsafePathException e) {
            throw new ExitCodes.Failure(e.getMessage());
        }
    }
}
