package org.jgtlssh.client;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jgtlssh.keys.Fingerprints;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.HashedDirectory;
import org.jgtlssh.keys.PemWriter;
import org.jgtlssh.keys.SafeNames;
import org.jgtlssh.keys.SecureFiles;

/**
 * Server trust on first use, with gtlssh's files so that trust carries over in both directions:
 *
 * <pre>
 *   &lt;cadir&gt;/&lt;host&gt;,&lt;port&gt;.crt        N1: the name the user typed, and the port used
 *   &lt;cadir&gt;/&lt;raddr&gt;.crt              N2: the address connected to, e.g. ipv4,127.0.0.1,852.crt
 *   &lt;cadir&gt;/&lt;subject hash&gt;.&lt;i&gt;       OpenSSL hash links, which gtlssh's TLS layer needs to find them
 * </pre>
 *
 * Decision table (the peer has already proven at the TLS level that it holds the certificate's key):
 * <pre>
 *   any existing N1/N2 differs from the peer's certificate   -> CHANGED: refused loudly, naming the file;
 *                                                               never replaced, never asked (gtlssh asks
 *                                                               first and finds the conflict afterwards)
 *   N1 and N2 both match                                     -> trusted silently
 *   one matches, the other is missing                        -> asked (same key under a new name/address)
 *   neither exists                                           -> asked, showing SHA-256 and gtlssh's SHA-1
 *   --nointeractive and a question would be needed           -> refused
 * </pre>
 * Stored files are written as OpenSSL writes PEM (gtlssh compares bytes), mode 0600, created atomically
 * and exclusively, then the directory is rehashed. Comparison of stored and presented certificates is
 * on the DER encoding, in constant time.
 */
public final class HostTrust {
    private final Path caDir;
    private final String host;
    private final int port;
    private final Clock clock;

    /** The outcome of looking at the files. */
    public sealed interface Verdict permits Trusted, Missing, Changed {}

    /** Both files exist and hold this certificate. */
    public record Trusted() implements Verdict {}

    /**
     * Some files are missing; none disagrees.
     *
     * @param missing the files to create if the user agrees
     * @param knownAs files (N1/N2 or any other {@code *.crt} of the directory) that already hold this
     *     certificate; empty for a never-seen certificate
     */
    public record Missing(List<Path> missing, List<Path> knownAs) implements Verdict {}

    /** A stored file holds another certificate (or garbage). */
    public record Changed(Path file) implements Verdict {}

    /** Refusal with the text the user must see (already safe to print). */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /**
     * @param caDir the trust directory ({@code ~/.gtlssh/server_certs} or {@code --cadir})
     * @param host the host as typed (validated: it becomes a file name)
     * @param port the port as used ({@code -p}, 852 by default, also with {@code --transport})
     */
    public HostTrust(Path caDir, String host, int port, Clock clock) {
        this.caDir = caDir;
        this.host = SafeNames.check("host name", host);
        this.port = port;
        this.clock = clock;
    }

    public Path hostFile() {
        return caDir.resolve(GtlsshDir.destinationName(host, port) + ".crt");
    }

    public Path addressFile(String remoteAddress) {
        // gtlssh's N2: the address string with '/' made '-' (a serial device gives "-dev-ttyS0,...").
        String name = remoteAddress.replace('/', '-');
        if (name.isEmpty() || name.length() > SafeNames.MAX_LENGTH || name.contains("..")
                || !name.chars().allMatch(c -> c > 0x20 && c != 0x7f && c != '\\' && !(c >= 0x80 && c < 0xa0))) {
            throw new IllegalArgumentException("unusable remote address '" + TerminalSafe.oneLine(remoteAddress) + "'");
        }
        return caDir.resolve(name + ".crt");
    }

    /** Looks at the stored files for {@code cert} seen at {@code remoteAddress}. */
    public Verdict check(X509Certificate cert, String remoteAddress) throws IOException {
        byte[] der = der(cert);
        List<Path> missing = new ArrayList<>();
        List<Path> matching = new ArrayList<>();
        for (Path f : List.of(hostFile(), addressFile(remoteAddress))) {
            Optional<byte[]> stored = readDer(f);
            if (stored.isEmpty()) {
                missing.add(f);
            } else if (MessageDigest.isEqual(stored.get(), der)) {
                matching.add(f);
            } else {
                return new Changed(f);
            }
        }
        if (missing.isEmpty()) {
            return new Trusted();
        }
        if (matching.isEmpty()) {
            matching.addAll(findElsewhere(der));
        }
        return new Missing(List.copyOf(missing), List.copyOf(matching));
    }

    /** The stored certificate's DER, empty if the file does not exist; garbage gives a non-matching value. */
    private static Optional<byte[]> readDer(Path f) throws IOException {
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(der(HashedDirectory.load(f)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CertificateException | IOException | RuntimeException e) {
            return Optional.of(new byte[0]); // unreadable: treated as a different certificate, never replaced
        }
    }

    /** Other {@code *.crt} files of the directory that hold the same certificate (bounded scan). */
    private List<Path> findElsewhere(byte[] der) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(caDir)) {
            return found;
        }
        int seen = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(caDir, "*.crt")) {
            for (Path p : ds) {
                if (++seen > 4096 || found.size() >= 4) {
                    break;
                }
                Optional<byte[]> d = readDer(p);
                if (d.isPresent() && MessageDigest.isEqual(d.get(), der)) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    /**
     * Runs the whole decision: check, ask if needed, store. Returns normally when the certificate is
     * trusted; throws {@link RefusedException} with the user's message otherwise.
     *
     * @param interactive false for {@code --nointeractive}: a question means refusal
     */
    public void verify(X509Certificate cert, String remoteAddress, boolean interactive, TrustPrompter ui)
            throws IOException {
        Verdict v = check(cert, remoteAddress);
        switch (v) {
            case Trusted t -> {}
            case Changed c -> throw new RefusedException(changedText(cert, remoteAddress, c.file()));
            case Missing m -> {
                String question = m.knownAs().isEmpty()
                        ? unknownText(cert, remoteAddress)
                        : partialText(cert, remoteAddress, m);
                if (!interactive) {
                    throw new RefusedException(question
                            + "Not asking because of --nointeractive; refusing the connection.\n");
                }
                ui.say(question);
                if (!askYesNo(ui)) {
                    throw new RefusedException("Certificate not accepted, giving up.\n");
                }
                store(cert, m.missing());
            }
        }
        Optional<String> expiry = Credentials.expiryWarning(cert, clock.instant(), "remote host certificate");
        if (expiry.isPresent()) {
            if (expiry.get().startsWith("***Error")) {
                throw new RefusedException(expiry.get() + "\n"); // gtlssh refuses an expired server
            }
            ui.say(expiry.get() + "\n");
        }
    }

    private static boolean askYesNo(TrustPrompter ui) throws IOException {
        for (int tries = 0; tries < 5; tries++) {
            Optional<String> line = ui.ask("Add this certificate? (y/n): ");
            if (line.isEmpty()) {
                throw new RefusedException("Error reading input, giving up\n");
            }
            String a = line.get().strip().toLowerCase(Locale.ROOT);
            if (a.equals("y") || a.equals("yes")) {
                return true;
            }
            if (a.equals("n") || a.equals("no")) {
                return false;
            }
            ui.say("Invalid input: " + TerminalSafe.oneLine(line.get()) + "\n");
        }
        throw new RefusedException("No valid answer, giving up\n");
    }

    /** Writes the missing files (exclusively, 0600, OpenSSL's PEM form) and rehashes the directory. */
    public void store(X509Certificate cert, List<Path> files) throws IOException {
        byte[] pem = PemWriter.certificate(cert);
        for (Path f : files) {
            try {
                SecureFiles.createNew(f, pem, SecureFiles.PRIVATE_FILE);
            } catch (FileAlreadyExistsException e) {
                // Someone (another login) wrote it meanwhile: accept only if it is the same certificate.
                Optional<byte[]> d = readDer(f);
                if (d.isEmpty() || !MessageDigest.isEqual(d.get(), der(cert))) {
                    throw new RefusedException("Certificate file " + f + " appeared with different contents, giving up\n");
                }
            }
        }
        HashedDirectory.rehash(caDir, false, clock);
    }

    private String names(String remoteAddress) {
        String h = TerminalSafe.oneLine(host);
        String a = TerminalSafe.oneLine(remoteAddress);
        return h + " (" + a + ")";
    }

    private static String details(X509Certificate cert) {
        return "  subject: " + TerminalSafe.oneLine(cert.getSubjectX500Principal().getName()) + "\n"
                + "  SHA256 fingerprint: " + Fingerprints.sha256(cert) + "\n"
                + "  SHA1 fingerprint (as gtlssh shows it): " + Fingerprints.sha1(cert) + "\n";
    }

    String unknownText(X509Certificate cert, String remoteAddress) {
        return "\nCertificate for " + names(remoteAddress) + " is not present.\n"
                + details(cert)
                + "Please validate the fingerprint and verify if you want it\n"
                + "added to the set of valid servers.\n";
    }

    String partialText(X509Certificate cert, String remoteAddress, Missing m) {
        StringBuilder sb = new StringBuilder("\nCertificate for " + names(remoteAddress)
                + " is already trusted as\n");
        for (Path p : m.knownAs()) {
            sb.append("  ").append(TerminalSafe.oneLine(p.toString())).append('\n');
        }
        sb.append("but not under\n");
        for (Path p : m.missing()) {
            sb.append("  ").append(TerminalSafe.oneLine(p.toString())).append('\n');
        }
        return sb.append(details(cert))
                .append("It is possible that the same key is used for different connections,\n")
                .append("but there may also be a man in the middle.\n")
                .append("Verify carefully, add if it is ok.\n")
                .toString();
    }

    String changedText(X509Certificate cert, String remoteAddress, Path file) {
        String f = TerminalSafe.oneLine(file.toString());
        return "\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                + "@    WARNING: REMOTE HOST CERTIFICATE HAS CHANGED!        @\n"
                + "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                + "The certificate presented by " + names(remoteAddress) + "\n"
                + "does not match the one stored in\n  " + f + "\n"
                + "Someone may be intercepting your communications (man in the middle),\n"
                + "or the server's key was replaced. The new certificate:\n"
                + details(cert)
                + "If you are sure the change is legitimate, remove the file and try again:\n"
                + "  rm '" + f + "'\n"
                + "Connection refused.\n";
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
