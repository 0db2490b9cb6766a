package org.jgtlssh.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our keys and certificates against OpenSSL 3.0 and against what gtlssh-keygen (openssl req -x509)
 * makes: same fields, same extensions, keys that {@code openssl pkey} reads.
 */
class SelfSignedCertificatesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:34:56.789Z"), ZoneOffset.UTC);

    static X509Certificate make(KeyAlgorithm alg, KeyPair kp, String cn, int days) throws Exception {
        return SelfSignedCertificates.create(kp, cn, days, CLOCK, new SecureRandom());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void certificateHasGtlsshKeygensFields(KeyAlgorithm alg) throws Exception {
        KeyPair kp = alg.generate(alg.resolveKeySize(OptionalInt.empty()));
        X509Certificate c = make(alg, kp, "alice", 365);
        assertEquals(3, c.getVersion());
        assertEquals("CN=alice,O=gensio,OU=client", reverse(c.getSubjectX500Principal().getName()));
        assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
        assertEquals(Instant.parse("2026-03-01T12:34:56Z"), c.getNotBefore().toInstant());
        assertEquals(Instant.parse("2027-03-01T12:34:56Z"), c.getNotAfter().toInstant());
        assertTrue(c.getSerialNumber().signum() > 0);
        assertTrue(c.getSerialNumber().bitLength() > 120 && c.getSerialNumber().bitLength() <= 159);
        assertEquals(Integer.MAX_VALUE, c.getBasicConstraints(), "CA:TRUE without path length");
        assertTrue(c.getCriticalExtensionOIDs().contains("2.5.29.19"));
        assertEquals(java.util.Set.of("2.5.29.14", "2.5.29.35"), c.getNonCriticalExtensionOIDs());
        c.verify(kp.getPublic());
        String oid = switch (alg) {
            case ED25519 -> "1.3.101.112";
            case EC -> "1.2.840.10045.4.3.2";
            case RSA -> "1.2.840.113549.1.1.11";
        };
        assertEquals(oid, c.getSigAlgOID());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void opensslReadsOurKeyAndCertificateAndTheyMatch(KeyAlgorithm alg, @TempDir Path dir) throws Exception {
        KeyPair kp = alg.generate(alg.resolveKeySize(OptionalInt.empty()));
        X509Certificate c = SelfSignedCertificates.create(kp, "bob", 10); // valid now, for openssl verify
        Path key = dir.resolve("k.key");
        Path crt = dir.resolve("k.crt");
        SecureFiles.createNew(key, PemWriter.privateKey(kp.getPrivate()), SecureFiles.PRIVATE_FILE);
        SecureFiles.createNew(crt, PemWriter.certificate(c), SecureFiles.PUBLIC_FILE);
        // openssl pkey reads the key and derives the same public key as the certificate holds
        String pubFromKey = OpenSsl.ok(key, "pkey", "-pubout");
        String pubFromCert = OpenSsl.ok(crt, "x509", "-noout", "-pubkey");
        assertEquals(pubFromCert, pubFromKey);
        // the certificate verifies as its own CA (what OpenSSL does with a hashed-dir entry)
        assertTrue(OpenSsl.ok((byte[]) null, "verify", "-CAfile", crt.toString(), crt.toString()).contains("OK"));
        // PEM bytes are what OpenSSL writes
        assertArrayEquals(Files.readAllBytes(crt), OpenSsl.ok(crt, "x509").getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(Files.readAllBytes(key), OpenSsl.ok(key, "pkey").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void ed25519KeyFileIsTheSameSizeAsOpenssls() throws Exception {
        KeyPair kp = KeyAlgorithm.ED25519.generate(256);
        assertEquals(119, PemWriter.privateKey(kp.getPrivate()).length);
    }

    /** The x509 -text dump of ours equals a real openssl req -x509 one, apart from keys, serial and times. */
    @Test
    void opensslTextDumpMatchesAnOpensslMadeCertificate(@TempDir Path dir) throws Exception {
        Path okey = dir.resolve("o.key");
        Path ocrt = dir.resolve("o.crt");
        OpenSsl.ok((byte[]) null, "genpkey", "-algorithm", "ed25519", "-out", okey.toString());
        OpenSsl.ok((byte[]) null, "req", "-key", okey.toString(), "-nodes", "-x509", "-days", "365",
                "-out", ocrt.toString(), "-subj", "/CN=carol/O=gensio/OU=client");
        KeyPair kp = KeyAlgorithm.ED25519.generate(256);
        Path crt = dir.resolve("j.crt");
        Files.write(crt, PemWriter.certificate(make(KeyAlgorithm.ED25519, kp, "carol", 365)));
        assertEquals(masked(OpenSsl.ok(ocrt, "x509", "-noout", "-text")), masked(OpenSsl.ok(crt, "x509", "-noout", "-text")));
    }

    @Test
    void jdkReadsOpensslKeysBackAsTheSameKey(@TempDir Path dir) throws Exception {
        Path okey = dir.resolve("o.key");
        OpenSsl.ok((byte[]) null, "genpkey", "-algorithm", "ed25519", "-out", okey.toString());
        String pem = Files.readString(okey);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        var priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertArrayEquals(pem.getBytes(StandardCharsets.US_ASCII), PemWriter.privateKey(priv));
    }

    @Test
    void refusesBadSizesAndNames() {
        assertEquals("Keysize not accepted for ED25519",
                assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.ED25519.resolveKeySize(OptionalInt.of(256))).getMessage());
        assertEquals("Keysize 300 is invalid for EC",
                assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.EC.resolveKeySize(OptionalInt.of(300))).getMessage());
        assertEquals(2048, KeyAlgorithm.RSA.resolveKeySize(OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.RSA.resolveKeySize(OptionalInt.of(1024)));
        assertEquals("Invalid algorithm: dsa", assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.parse("dsa")).getMessage());
        KeyPair kp = KeyAlgorithm.ED25519.generate(256);
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificates.create(kp, "a\nb", 1));
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificates.create(kp, "x".repeat(65), 1));
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificates.create(kp, "ok", 0));
    }

    @Test
    void signatureMadeWithOurKeyVerifiesWithTheCertificate() throws Exception {
        for (KeyAlgorithm alg : KeyAlgorithm.values()) {
            KeyPair kp = alg.generate(alg.resolveKeySize(OptionalInt.empty()));
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(PemWriter.certificate(make(alg, kp, "x", 1))));
            Signature s = Signature.getInstance(alg.signatureAlgorithm());
            s.initSign(kp.getPrivate());
            s.update(new byte[] {1, 2, 3});
            byte[] sig = s.sign();
            s.initVerify(c);
            s.update(new byte[] {1, 2, 3});
            assertTrue(s.verify(sig), alg.name());
        }
    }

    private static String reverse(String rfc2253) {
        String[] p = rfc2253.split(",");
        java.util.Collections.reverse(java.util.Arrays.asList(p));
        return String.join(",", p);
    }

    private static final Pattern HEXLINE = Pattern.compile("(?m)^\\s+([0-9a-fA-F]{2}:)+[0-9a-fA-F]{0,2}\\s*$");

    private static String masked(String text) {
        return HEXLINE.matcher(text).replaceAll("HEX")
                .replaceAll("(Not (Before|After) *: ).*", "$1DATE")
                .replaceAll("(?m)^(\\s+)[0-9A-F]{2}(:[0-9A-F]{2}){19}$", "$1KEYID");
    }
}
