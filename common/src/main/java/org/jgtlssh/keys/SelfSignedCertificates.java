package org.jgtlssh.keys;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Self-signed certificates exactly as gtlssh-keygen makes them with {@code openssl req -x509}:
 *
 * <pre>
 *   version 3, serial = 20 random bytes (top bit clear, so a positive 159/160-bit number)
 *   issuer = subject = CN=&lt;cn&gt;, O=gensio, OU=client     (UTF8String, one RDN each, in this order)
 *   notBefore = now, notAfter = now + days                  (UTCTime until 2049, seconds precision)
 *   extensions: subjectKeyIdentifier = SHA-1(subjectPublicKey bits)
 *               authorityKeyIdentifier = [0] the same key id
 *               basicConstraints critical CA:TRUE
 *   signature: Ed25519 | ecdsa-with-SHA256 | sha256WithRSAEncryption, made with the JDK
 * </pre>
 *
 * The DER is built by hand (see {@link Der}); the JDK's CertificateFactory parses the result back, so a
 * malformed certificate can never leave this class.
 */
public final class SelfSignedCertificates {
    /** OU of every gtlssh certificate, client or server (gensio never distinguishes them). */
    public static final String ORGANIZATION = "gensio";
    public static final String ORGANIZATIONAL_UNIT = "client";

    private static final String CN = "2.5.4.3";
    private static final String O = "2.5.4.10";
    private static final String OU = "2.5.4.11";
    private static final String SKI = "2.5.29.14";
    private static final String AKI = "2.5.29.35";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    /** OpenSSL's CN limit (ub-common-name); a longer one makes {@code openssl req} fail. */
    public static final int MAX_COMMON_NAME = 64;

    private SelfSignedCertificates() {}

    /** A certificate for {@code keys} with gtlssh's subject, valid from now for {@code days} days. */
    public static X509Certificate create(KeyPair keys, String commonName, int days) throws GeneralSecurityException {
        return create(keys, commonName, days, Clock.systemUTC(), new SecureRandom());
    }

    /** As {@link #create(KeyPair, String, int)} with a given clock and randomness (for tests). */
    public static X509Certificate create(KeyPair keys, String commonName, int days, Clock clock, SecureRandom random)
            throws GeneralSecurityException {
        checkCommonName(commonName);
        if (days < 1 || days > 36500) {
            throw new IllegalArgumentException("key days must be between 1 and 36500, not " + days);
        }
        KeyAlgorithm alg = KeyAlgorithm.of(keys.getPublic());
        byte[] spki = keys.getPublic().getEncoded();
        byte[] keyId = keyIdentifier(spki);
        byte[] name = gtlsshName(commonName);
        ZonedDateTime notBefore = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime notAfter = notBefore.plusDays(days);

        byte[] extensions = Der.explicit(3, Der.sequence(
                Der.sequence(Der.oid(SKI), Der.octets(Der.octets(keyId))),
                Der.sequence(Der.oid(AKI), Der.octets(Der.sequence(Der.implicit(0, keyId)))),
                Der.sequence(Der.oid(BASIC_CONSTRAINTS), Der.bool(true), Der.octets(Der.sequence(Der.bool(true))))));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(serial(random)),
                alg.signatureAlgorithmIdentifier(),
                name,
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name,
                spki,
                extensions);
        Signature signer = Signature.getInstance(alg.signatureAlgorithm());
        signer.initSign(keys.getPrivate(), random);
        signer.update(tbs);
        byte[] cert = Der.sequence(tbs, alg.signatureAlgorithmIdentifier(), Der.bitString(signer.sign()));
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert));
        parsed.verify(keys.getPublic()); // never hand out a certificate that does not check
        return parsed;
    }

    /** {@code CN=<cn>, O=gensio, OU=client}, DER-encoded, RDNs in that order (as openssl -subj writes it). */
    static byte[] gtlsshName(String commonName) {
        return Der.sequence(
                Der.set(Der.sequence(Der.oid(CN), Der.utf8(commonName))),
                Der.set(Der.sequence(Der.oid(O), Der.utf8(ORGANIZATION))),
                Der.set(Der.sequence(Der.oid(OU), Der.utf8(ORGANIZATIONAL_UNIT))));
    }

    /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents (what OpenSSL uses). */
    static byte[] keyIdentifier(byte[] spki) throws GeneralSecurityException {
        List<Der.Element> parts = new Der.Reader(spki).read().children();
        byte[] bits = parts.get(1).value();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(bits, 1, bits.length - 1); // skip the unused-bits byte
        return sha1.digest();
    }

    /** 20 random bytes with the top bit clear, and never zero in the first byte (a canonical 20-byte INTEGER). */
    private static BigInteger serial(SecureRandom random) {
        byte[] b = new byte[20];
        random.nextBytes(b);
        b[0] &= 0x7f;
        if (b[0] == 0) {
            b[0] = 1;
        }
        return new BigInteger(1, b);
    }

    /**
     * A common name must fit OpenSSL's limit and be printable: it ends up in the subject that every peer
     * prints, and {@code openssl req -subj} would interpret a {@code /} or {@code =} in it.
     */
    public static void checkCommonName(String cn) {
        if (cn == null || cn.isEmpty()) {
            throw new IllegalArgumentException("the common name is empty");
        }
        if (cn.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("the common name is longer than " + MAX_COMMON_NAME + " characters");
        }
        for (int i = 0; i < cn.length(); i++) {
            char c = cn.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new IllegalArgumentException("the common name contains a control character");
            }
        }
    }
}
