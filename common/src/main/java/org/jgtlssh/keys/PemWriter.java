package org.jgtlssh.keys;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Writes keys and certificates in the PEM forms OpenSSL writes and reads: RFC 7468 "strict" text,
 * 64-column base64, LF line ends, a trailing LF.
 *
 * <p>The byte-exact form matters: gtlssh compares a server's certificate with the stored
 * {@code server_certs/<host>,<port>.crt} byte for byte, so a certificate we store must look exactly like
 * OpenSSL's {@code PEM_write_X509}.
 *
 * <p>Private keys are written as unencrypted PKCS#8 v1 {@code PRIVATE KEY} — the JDK's own encoding of
 * its keys. (Bouncy Castle would write Ed25519 keys as PKCS#8 v2, which OpenSSL 3.0 refuses.)
 */
public final class PemWriter {
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private PemWriter() {}

    /** PEM text of {@code der} with the given label ({@code CERTIFICATE}, {@code PRIVATE KEY}). */
    public static byte[] encode(String label, byte[] der) {
        StringBuilder sb = new StringBuilder(der.length * 4 / 3 + 80);
        sb.append("-----BEGIN ").append(label).append("-----\n");
        if (der.length > 0) {
            sb.append(BASE64.encodeToString(der)).append('\n');
        }
        sb.append("-----END ").append(label).append("-----\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A certificate as {@code -----BEGIN CERTIFICATE-----} PEM, as OpenSSL writes it. */
    public static byte[] certificate(X509Certificate cert) {
        try {
            return encode("CERTIFICATE", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /**
     * A private key as unencrypted PKCS#8 {@code -----BEGIN PRIVATE KEY-----} PEM. The caller must write
     * the result only through {@link SecureFiles} (mode 0600) and should clear the array afterwards.
     *
     * @throws IllegalArgumentException if the key's encoding is not PKCS#8, or is PKCS#8 v2 (which
     *     OpenSSL 3.0 cannot read)
     */
    public static byte[] privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key format is " + key.getFormat() + ", not PKCS#8");
        }
        byte[] der = key.getEncoded();
        try {
            // PrivateKeyInfo ::= SEQUENCE { version INTEGER (0 = v1), ... }
            Der.Element info = new Der.Reader(der).read();
            Der.Element version = new Der.Reader(der, info.valueStart(), info.end()).read();
            byte[] v = version.value();
            if (version.tag() != Der.INTEGER || v.length != 1 || v[0] != 0) {
                throw new IllegalArgumentException("private key is not PKCS#8 v1 (OpenSSL 3.0 would refuse it)");
            }
            return encode("PRIVATE KEY", der);
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IllegalArgumentException("private key encoding is not DER", e);
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
        }
    }
}
