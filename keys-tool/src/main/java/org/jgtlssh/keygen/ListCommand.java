package org.jgtlssh.keygen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jgtlssh.keys.Fingerprints;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.HashedDirectory;
import org.jgtlssh.keys.SafeNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code list}: the user's keys, allowed client certificates and trusted servers, each with subject,
 * SHA-256 fingerprint and expiry; expired ones and ones expiring within 30 days are flagged (gtlssh
 * warns from 30 days on). Never prints a private key.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List keys, allowed certificates and trusted servers with subjects, fingerprints and expiry.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        GtlsshDir dir = top.gtlsshDir();
        if (!Files.isDirectory(dir.base())) {
            throw new ExitCodes.Failure(dir.base() + " does not exist, run setup first");
        }
        List<Path> keys = new ArrayList<>();
        if (Files.exists(dir.defaultCert())) {
            keys.add(dir.defaultCert());
        }
        keys.addAll(certs(top.clientKeyDir()));
        section(out, "Keys", keys);
        for (Path crt : keys) { // a key others can read must be treated as leaked
            String n = crt.getFileName().toString();
            Path key = crt.resolveSibling(n.substring(0, n.length() - 4) + ".key");
            if (Files.exists(key, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    GtlsshDir.checkPrivateKeyFile(key);
                } catch (GtlsshDir.UnsafePathException e) {
                    out.println("  WARNING: " + SafeNames.printable(e.getMessage()));
                }
            } else {
                out.println("  WARNING: no key " + SafeNames.printable(key.toString()) + " for " + SafeNames.printable(n));
            }
        }
        section(out, "Allowed certificates (" + dir.allowedCerts() + ")", certs(dir.allowedCerts()));
        section(out, "Trusted servers (" + dir.serverCerts() + ")", certs(dir.serverCerts()));
        out.flush();
        return ExitCodes.OK;
    }

    private void section(PrintWriter out, String title, List<Path> files) {
        out.println(title + ":");
        if (files.isEmpty()) {
            out.println("  (none)");
        }
        Instant now = top.env.clock().instant();
        for (Path f : files) {
            String name = SafeNames.printable(f.getFileName().toString());
            try {
                X509Certificate c = HashedDirectory.load(f);
                Instant end = c.getNotAfter().toInstant();
                String flag = end.isBefore(now) ? "  EXPIRED"
                        : end.isBefore(now.plus(Duration.ofDays(30))) ? "  expires in "
                                + Duration.between(now, end).toDays() + " days" : "";
                out.println("  " + name + "  " + Subjects.display(c)
                        + "  expires " + end + flag);
                out.println("      SHA256 " + Fingerprints.sha256(c));
            } catch (Exception e) {
                out.println("  " + name + "  UNREADABLE: " + SafeNames.printable(String.valueOf(e.getMessage())));
            }
        }
    }

    private static List<Path> certs(Path dir) throws IOException {
        List<Path> l = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return l;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.crt")) {
            ds.forEach(l::add);
        }
        l.sort(null);
        return l;
    }
}
