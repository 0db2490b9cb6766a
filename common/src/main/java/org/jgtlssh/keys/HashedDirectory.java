package org.jgtlssh.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An OpenSSL "hashed directory" ({@code server_certs/}, {@code allowed_certs/}): certificates in
 * {@code *.crt} files, found by OpenSSL through symlinks named {@code <subject hash>.<n>}
 * ({@link SubjectHash}; {@code n} = 0, 1, ... for certificates whose subjects collide).
 *
 * <p>{@link #rehash} makes the same links as {@code openssl rehash} / {@code gtlssh-keygen rehash},
 * with three differences that fix gtlssh-keygen's bugs: a file that cannot be read or parsed is reported
 * and skipped (the rest is still linked); an expired certificate is reported, and deleted only when
 * asked to; and links are updated in place (a new link is renamed over an old one), so a concurrent
 * login never sees the directory without its links.
 */
public final class HashedDirectory {
    /** A link name: 8 hex digits, a dot, a decimal index. */
    private static final Pattern LINK = Pattern.compile("[0-9a-fA-F]{8}\\.[0-9]+");
    /** gtlssh-keygen reads at most this much of a certificate file; anything larger is not a certificate. */
    public static final int MAX_CERT_FILE = 64 * 1024;
    /** OpenSSL looks up at most this many collisions per hash. */
    public static final int MAX_INDEX = 100;

    private HashedDirectory() {}

    /** What {@link #rehash} did. Lists are in the order the files were processed (by name). */
    public record Report(
            Path dir,
            boolean noCertificates,
            Map<String, String> links,
            List<Path> expired,
            List<Path> removed,
            List<Path> duplicates,
            Map<Path, String> skipped) {}

    /**
     * Rehashes {@code dir}.
     *
     * @param removeExpired delete expired certificates (gtlssh-keygen always does; we only report them
     *     unless asked, because deleting a server's certificate silently turns a warning into a new
     *     trust-on-first-use prompt)
     */
    public static Report rehash(Path dir, boolean removeExpired, Clock clock) throws IOException {
        List<Path> crts = new ArrayList<>();
        Map<String, Path> oldLinks = new TreeMap<>();
        Set<String> occupied = new HashSet<>(); // link-like names that are not links: never touched
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (LINK.matcher(n).matches()) {
                    if (Files.isSymbolicLink(p)) {
                        oldLinks.put(n, p);
                    } else {
                        occupied.add(n);
                    }
                } else if (n.endsWith(".crt") && !n.startsWith(".")) {
                    crts.add(p);
                }
            }
        }
        crts.sort(null);
        Map<String, String> links = new LinkedHashMap<>();
        List<Path> expired = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        List<Path> duplicates = new ArrayList<>();
        Map<Path, String> skipped = new LinkedHashMap<>();
        if (crts.isEmpty()) {
            return new Report(dir, true, links, expired, removed, duplicates, skipped);
        }

        Set<String> seenDer = new HashSet<>();
        for (Path crt : crts) {
            X509Certificate cert;
            try {
                cert = load(crt);
            } catch (IOException | CertificateException | RuntimeException e) {
                skipped.put(crt, describe(e));
                continue;
            }
            if (cert.getNotAfter().toInstant().isBefore(clock.instant())) {
                if (removeExpired) {
                    Files.delete(crt);
                    removed.add(crt);
                    continue;
                }
                expired.add(crt); // still linked: OpenSSL then reports "expired" rather than "unknown"
            }
            String der;
            String hash;
            try {
                der = Arrays.toString(cert.getEncoded());
                hash = SubjectHash.of(cert);
            } catch (CertificateException e) {
                skipped.put(crt, describe(e));
                continue;
            }
            if (!seenDer.add(der)) {
                duplicates.add(crt);
                continue;
            }
            String name = null;
            for (int i = 0; i < MAX_INDEX; i++) {
                String candidate = hash + "." + i;
                if (!links.containsKey(candidate) && !occupied.contains(candidate)) {
                    name = candidate;
                    break;
                }
            }
            if (name == null) {
                skipped.put(crt, "more than " + MAX_INDEX + " certificates with subject hash " + hash);
                continue;
            }
            links.put(name, crt.getFileName().toString());
        }

        for (Map.Entry<String, String> e : links.entrySet()) {
            Path link = dir.resolve(e.getKey());
            Path old = oldLinks.remove(e.getKey());
            if (old != null && Files.readSymbolicLink(old).toString().equals(e.getValue())) {
                continue; // already right
            }
            Path target = Path.of(e.getValue());
            if (old == null) {
                try {
                    Files.createSymbolicLink(link, target);
                    continue;
                } catch (FileAlreadyExistsException raced) {
                    // appeared meanwhile: replace it below
                }
            }
            Path tmp = dir.resolve("." + e.getKey() + ".tmp" + ProcessHandle.current().pid());
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, target);
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        for (Path stale : oldLinks.values()) {
            Files.deleteIfExists(stale);
        }
        return new Report(dir, false, links, expired, removed, duplicates, skipped);
    }

    /** Reads the first PEM (or DER) certificate of a file, refusing files over {@link #MAX_CERT_FILE}. */
    public static X509Certificate load(Path file) throws IOException, CertificateException {
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            data = in.readNBytes(MAX_CERT_FILE + 1);
        }
        if (data.length > MAX_CERT_FILE) {
            throw new CertificateException("larger than " + MAX_CERT_FILE + " bytes, not a certificate");
        }
        if (data.length == 0) {
            throw new CertificateException("empty file");
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(data));
    }

    /**
     * Finds {@code cert} in a hashed directory the way OpenSSL's by_dir lookup does for a self-signed
     * certificate: follow {@code <subject hash>.0}, {@code .1}, ... up to the first missing index, and
     * accept only a file holding exactly the same certificate (DER equality, compared in constant time).
     * This is the check behind both trust decisions of gtlssh: a server certificate in
     * {@code server_certs}, a client certificate in the login user's {@code allowed_certs}. Validity
     * dates are not checked here.
     *
     * @return the link that matched, or empty if the certificate is not in the directory
     */
    public static java.util.Optional<Path> lookup(Path dir, X509Certificate cert)
            throws IOException, CertificateException {
        String hash = SubjectHash.of(cert);
        byte[] wanted = cert.getEncoded();
        for (int i = 0; i < MAX_INDEX; i++) {
            Path link = dir.resolve(hash + "." + i);
            if (!Files.exists(link)) {
                break;
            }
            try {
                if (java.security.MessageDigest.isEqual(wanted, load(link).getEncoded())) {
                    return java.util.Optional.of(link);
                }
            } catch (IOException | CertificateException | RuntimeException unreadable) {
                // OpenSSL skips an entry it cannot load and goes on with the next index
            }
        }
        return java.util.Optional.empty();
    }

    /** True if {@code name} looks like a hash link ({@code 1a2b3c4d.0}). */
    public static boolean isLinkName(String name) {
        return LINK.matcher(name).matches();
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : SafeNames.printable(m);
    }
}
