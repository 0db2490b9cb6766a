package org.jgtlssh.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Certificate fingerprints: digests of the DER certificate, upper-case hex with {@code :} between bytes,
 * exactly as {@code openssl x509 -fingerprint -sha1|-sha256} prints them. gtlssh shows the SHA-1 form
 * when it asks whether to trust a new server; SHA-256 is what people should compare.
 */
public final class Fingerprints {
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprints() {}

    /** SHA-256 fingerprint, {@code AB:CD:...} (32 bytes). */
    public static String sha256(X509Certificate cert) {
        return of("SHA-256", cert);
    }

    /** SHA-1 fingerprint in the form gtlssh prints at its trust prompt (20 bytes). */
    public static String sha1(X509Certificate cert) {
        return of("SHA-1", cert);
    }

    private static String of(String digest, X509Certificate cert) {
        try {
            return COLON_HEX.formatHex(MessageDigest.getInstance(digest).digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(digest + " fingerprint: " + e.getMessage(), e);
        }
    }
}
