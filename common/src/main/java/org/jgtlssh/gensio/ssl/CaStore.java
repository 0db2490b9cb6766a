package org.jgtlssh.gensio.ssl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jgtlssh.keys.Pem;

/**
 * A set of trusted certificates, as gensio's {@code CA=} option names them: a PEM bundle file, or (path
 * ending in {@code /}) a directory with OpenSSL hash links ({@code 1a2b3c4d.0}) and/or {@code *.crt}
 * files. Verification follows OpenSSL's defaults as gensio uses them: the chain must end at a stored
 * certificate, every validity period (the anchor's too) is checked, no host name, key usage or
 * revocation checks. A self-signed certificate is trusted iff that exact certificate is stored.
 */
public final class CaStore {
    /** A trust directory holding more than this is refused rather than read without bound. */
    static final int MAX_FILES = 4096;
    /** Certificate files are a few KiB; larger ones in a trust directory are skipped. */
    static final long MAX_CERT_FILE = 64 * 1024;
    /**
     * At most this much is read from one directory per load. A server loads a user's directory for every
     * login attempt that proves possession of any key, so the cost must stay small whatever is in it.
     */
    static final long MAX_DIRECTORY_BYTES = 4L << 20;

    private static final Pattern HASH_LINK = Pattern.compile("[0-9a-f]{8}\\.[0-9]{1,3}");

    /** The outcome of checking a chain, with gensio's error classes. */
    public enum Status {
        OK, NOT_FOUND, EXPIRED, INVALID
    }

    /** A check result and OpenSSL-like reason text (for the log; never a secret). */
    public record Result(Status status, String reason, X509Certificate anchor) {
        public Result(Status status, String reason) {
            this(status, reason, null);
        }

        public boolean ok() {
            return status == Status.OK;
        }
    }

    private final List<X509Certificate> certs;
    private final Set<ByteKey> encoded = new HashSet<>();
    private final java.util.Map<ByteKey, String> sources = new java.util.HashMap<>();

    public CaStore(List<X509Certificate> certs) {
        this.certs = List.copyOf(certs);
        for (X509Certificate c : this.certs) {
            encoded.add(ByteKey.of(c));
        }
    }

    private CaStore(List<X509Certificate> certs, java.util.Map<ByteKey, String> sources) {
        this(certs);
        this.sources.putAll(sources);
    }

    /** The file a stored certificate was read from (its name within the directory), if known. */
    public java.util.Optional<String> sourceOf(X509Certificate c) {
        return c == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(sources.get(ByteKey.of(c)));
    }

    /** Loads {@code path}: a directory if it ends with {@code /}, else a PEM file. */
    public static CaStore load(String path) throws IOException {
        if (path.endsWith("/")) {
            return loadDirectory(Path.of(path));
        }
        return new CaStore(Pem.readCertificates(Path.of(path)));
    }

    /**
     * Loads hash links and {@code *.crt} files of a directory. Unparsable files are skipped, as OpenSSL
     * skips them (a stray file must not lock everybody out).
     */
    public static CaStore loadDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory");
        }
        List<X509Certificate> out = new ArrayList<>();
        java.util.Map<ByteKey, String> seen = new java.util.HashMap<>();
        int n = 0;
        long bytes = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!(HASH_LINK.matcher(name).matches() || name.endsWith(".crt"))) {
                    continue;
                }
                if (++n > MAX_FILES) {
                    throw new IOException(dir + ": more than " + MAX_FILES + " certificate files");
                }
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                long size = Files.size(p);
                if (size > MAX_CERT_FILE) {
                    continue;
                }
                bytes += size;
                if (bytes > MAX_DIRECTORY_BYTES) {
                    throw new IOException(dir + ": more than " + MAX_DIRECTORY_BYTES + " bytes of certificates");
                }
                try {
                    for (X509Certificate c : Pem.readCertificates(p)) {
                        ByteKey k = ByteKey.of(c);
                        String src = p.toRealPath().getFileName().toString();
                        String prev = seen.get(k);
                        if (prev == null) {
                            out.add(c);
                        }
                        if (prev == null || (HASH_LINK.matcher(prev).matches() && !HASH_LINK.matcher(src).matches())) {
                            seen.put(k, src); // prefer the .crt name a hash link points to
                        }
                    }
                } catch (IOException e) {
                    // not a certificate file: ignored like OpenSSL's directory lookup ignores it
                }
            }
        }
        return new CaStore(out, seen);
    }

    public List<X509Certificate> certificates() {
        return certs;
    }

    public boolean isEmpty() {
        return certs.isEmpty();
    }

    /** True if exactly this certificate (same DER) is in the store. */
    public boolean contains(X509Certificate c) {
        return encoded.contains(ByteKey.of(c));
    }

    /** Verifies {@code chain} (leaf first) at time {@code now}. */
    public Result check(X509Certificate[] chain, Date now) {
        if (chain == null || chain.length == 0) {
            return new Result(Status.INVALID, "no certificate");
        }
        X509Certificate leaf = chain[0];
        if (contains(leaf)) {
            return validity(leaf, now);
        }
        if (isSelfSigned(leaf)) {
            return new Result(Status.NOT_FOUND, "self-signed certificate not in the trust store");
        }
        if (certs.isEmpty()) {
            return new Result(Status.NOT_FOUND, "unable to get local issuer certificate");
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (contains(c)) {
                break;
            }
            path.add(c);
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate c : certs) {
                anchors.add(new TrustAnchor(c, null));
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(now);
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXCertPathValidatorResult r =
                    (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(cp, params);
            return validity(r.getTrustAnchor().getTrustedCert(), now);
        } catch (CertPathValidatorException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException
                    || e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return new Result(Status.EXPIRED, "certificate has expired or is not yet valid");
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return new Result(Status.INVALID, "certificate revoked");
            }
            if (e.getReason() == java.security.cert.PKIXReason.NO_TRUST_ANCHOR) {
                return new Result(Status.NOT_FOUND, "unable to get local issuer certificate");
            }
            return new Result(Status.INVALID, String.valueOf(e.getMessage()));
        } catch (Exception e) {
            return new Result(Status.INVALID, e.toString());
        }
    }

    private static Result validity(X509Certificate c, Date now) {
        try {
            c.checkValidity(now);
            return new Result(Status.OK, "ok", c);
        } catch (CertificateExpiredException e) {
            return new Result(Status.EXPIRED, "certificate has expired");
        } catch (CertificateNotYetValidException e) {
            return new Result(Status.EXPIRED, "certificate is not yet valid");
        }
    }

    static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** DER bytes as a set key. */
    private record ByteKey(byte[] der) {
        static ByteKey of(X509Certificate c) {
            try {
                return new ByteKey(c.getEncoded());
            } catch (CertificateEncodingException e) {
                return new ByteKey(new byte[0]);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey k && Arrays.equals(k.der, der);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(der);
        }
    }
}
