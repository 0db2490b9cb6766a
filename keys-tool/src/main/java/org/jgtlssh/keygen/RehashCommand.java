package org.jgtlssh.keygen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.HashedDirectory;
import org.jgtlssh.keys.SafeNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rehash [DIR...]}: remake the subject-hash links of {@code allowed_certs} and {@code server_certs}
 * (or the given directories). Unlike gtlssh-keygen, expired certificates are reported and kept unless
 * {@code --remove-expired}, and a file that is not a readable certificate is reported and skipped while
 * the rest of the directory is still linked. Exit status 1 if anything was skipped.
 */
@Command(name = "rehash", mixinStandardHelpOptions = true,
        description = "Redo the hash links in allowed_certs and server_certs, or in the given directories.")
final class RehashCommand implements Callable<Integer> {
    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    @Option(names = "--remove-expired", description = "Delete expired certificates instead of only reporting them.")
    boolean removeExpired;

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "Directories to rehash.")
    List<Path> dirs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        boolean explicit = !dirs.isEmpty();
        List<Path> todo = explicit ? dirs : List.of(top.gtlsshDir().allowedCerts(), top.gtlsshDir().serverCerts());
        int status = ExitCodes.OK;
        for (Path d : todo) {
            status = Math.max(status, rehash(d, explicit));
        }
        return status;
    }

    private int rehash(Path dir, boolean explicit) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !explicit) {
            return ExitCodes.OK; // a fresh setup without that directory yet
        }
        if (!Files.isDirectory(dir)) {
            err.println("Unable to rehash " + dir + ": not a directory");
            err.flush();
            return ExitCodes.FAILURE;
        }
        try {
            // Links in a directory that others can write to would decide nothing: they can change them.
            GtlsshDir.checkOwner(dir);
            var perms = Files.getPosixFilePermissions(dir);
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
                throw new GtlsshDir.UnsafePathException(dir + " is writable by others, giving up");
            }
        } catch (GtlsshDir.UnsafePathException e) {
            err.println("Unable to rehash " + dir + ": " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            err.println("Unable to rehash " + dir + ": permission denied");
            err.flush();
            return ExitCodes.FAILURE;
        }
        HashedDirectory.Report r;
        try {
            r = HashedDirectory.rehash(dir, removeExpired, top.env.clock());
        } catch (java.nio.file.AccessDeniedException e) {
            err.println("Unable to rehash " + dir + ": permission denied");
            err.flush();
            return ExitCodes.FAILURE;
        }
        if (r.noCertificates()) {
            out.println("No certificates in " + dir + ", not rehashing");
        }
        for (Path p : r.removed()) {
            out.println("Removing expired certificate " + p);
        }
        for (Path p : r.expired()) {
            err.println("Expired certificate " + p + " (kept; --remove-expired deletes it)");
        }
        for (Map.Entry<Path, String> e : r.skipped().entrySet()) {
            err.println("Unable to load certificate " + e.getKey() + ": " + SafeNames.printable(e.getValue())
                    + ", skipped");
        }
        out.flush();
        err.flush();
        return r.skipped().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** For addallow: rehash one directory quietly, failing if a file in it had to be skipped. */
    static void rehashQuietly(Path dir, java.time.Clock clock) throws IOException {
        HashedDirectory.Report r = HashedDirectory.rehash(dir, false, clock);
        if (!r.skipped().isEmpty()) {
            throw new ExitCodes.Failure("Rehashed " + dir + ", but skipped " + r.skipped().keySet()
                    + ": not certificates");
        }
    }
}
