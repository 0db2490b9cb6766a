package org.jgtlssh.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.SafeNames;

/**
 * Which key and certificate the client presents, gtlssh's way:
 *
 * <pre>
 *   -i KEY [--certfile CRT]       KEY; CRT defaults to KEY with the extension replaced by .crt
 *   otherwise the first readable certificate of
 *     ~/.gtlssh/keycerts/&lt;host&gt;,&lt;port&gt;.crt   (+ .key)
 *     ~/.gtlssh/keycerts/&lt;host&gt;.crt          (+ .key)
 *     ~/.gtlssh/default.crt                  (+ .key)
 * </pre>
 *
 * {@code <host>} is the host as typed; it becomes part of a path, so it is validated first. The key
 * must be a regular file owned by us and not readable by group or others (a private key readable by
 * others is refused, as gtlssh and ssh do). The certificate's expiry produces a warning within 30
 * days and an error text once expired (the connection is still tried: the server decides).
 */
public final class Credentials {
    /** Warn when the local certificate expires within this. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /** The chosen files and what the user should be told about them. */
    public record Choice(Path key, Path cert, List<String> warnings) {}

    private Credentials() {}

    /**
     * @param gtlsshDir {@code ~/.gtlssh}
     * @param host the host as typed (validated as a file name)
     * @param keyOpt {@code -i}, or null
     * @param certOpt {@code --certfile}, or null
     * @throws IllegalArgumentException for a missing, unsafe or unreadable key or certificate
     */
    public static Choice choose(Path gtlsshDir, String host, int port, Path keyOpt, Path certOpt, Instant now)
            throws IOException {
        Path key;
        Path cert;
        if (certOpt != null && keyOpt == null) {
            throw new IllegalArgumentException("If you specify a certname, you must specify a keyname");
        }
        if (keyOpt != null) {
            key = keyOpt;
            cert = certOpt != null ? certOpt : defaultCertFor(keyOpt);
        } else {
            SafeNames.check("host name", host);
            Path kc = gtlsshDir.resolve("keycerts");
            List<Path> candidates = List.of(
                    kc.resolve(host + "," + port + ".crt"),
                    kc.resolve(host + ".crt"),
                    gtlsshDir.resolve("default.crt"));
            cert = null;
            for (Path c : candidates) {
                if (Files.isReadable(c)) {
                    cert = c;
                    break;
                }
            }
            if (cert == null) {
                throw new IllegalArgumentException("no client certificate: none of " + candidates
                        + " is readable (create one with: jgtlssh-keygen setup)");
            }
            String name = cert.getFileName().toString();
            key = cert.resolveSibling(name.substring(0, name.length() - ".crt".length()) + ".key");
        }
        checkPrivateKeyFile(key);
        if (!Files.isRegularFile(cert) || !Files.isReadable(cert)) {
            throw new IllegalArgumentException("cannot read certificate " + cert);
        }
        List<String> warnings = new ArrayList<>();
        expiryWarning(readCertificate(cert), now, "local certificate " + cert).ifPresent(warnings::add);
        return new Choice(key, cert, List.copyOf(warnings));
    }

    /** gtlssh: everything after the last '.' replaced by "crt", or ".crt" appended without a dot. */
    static Path defaultCertFor(Path key) {
        String s = key.toString();
        int slash = s.lastIndexOf('/');
        int dot = s.lastIndexOf('.');
        // Unlike gtlssh, a dot in a directory name does not count (it would cut the path).
        if (dot <= slash) {
            return Path.of(s + ".crt");
        }
        return Path.of(s.substring(0, dot + 1) + "crt");
    }

    /** A private key: a regular file (not a link), owned by us, no group/other permission bits. */
    static void checkPrivateKeyFile(Path key) throws IOException {
        try {
            GtlsshDir.checkPrivateKeyFile(key);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("key file " + key + " does not exist");
        } catch (GtlsshDir.UnsafePathException e) {
            throw new IllegalArgumentException(e.getMessage() + " (a private key must be mode 0600 and yours)");
        }
    }

    static X509Certificate readCertificate(Path cert) throws IOException {
        if (Files.size(cert) > 64 * 1024) {
            throw new IllegalArgumentException(cert + " is too large for a certificate");
        }
        try (InputStream in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException(cert + " is not a PEM certificate: " + e.getMessage());
        }
    }

    /**
     * gtlssh's texts: {@code ***WARNING: <what> will expire in N days} or
     * {@code ***Error: <what> has expired}.
     */
    public static Optional<String> expiryWarning(X509Certificate c, Instant now, String what) {
        Instant end = c.getNotAfter().toInstant();
        if (!end.isAfter(now)) {
            return Optional.of("***Error: " + what + " has expired");
        }
        Duration left = Duration.between(now, end);
        if (left.compareTo(EXPIRY_WARNING) < 0) {
            return Optional.of("***WARNING: " + what + " will expire in " + left.toDays() + " days");
        }
        return Optional.empty();
    }
}
