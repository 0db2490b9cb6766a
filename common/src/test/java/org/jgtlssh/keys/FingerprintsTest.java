package org.jgtlssh.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** Fingerprints in exactly the text {@code openssl x509 -fingerprint} prints (and gtlssh shows for SHA-1). */
class FingerprintsTest {
    @Test
    void sameAsOpenssl() throws Exception {
        X509Certificate c = SelfSignedCertificates.create(KeyAlgorithm.ED25519.generate(256), "fp", 1);
        byte[] pem = PemWriter.certificate(c);
        assertEquals(OpenSsl.ok(pem, "x509", "-noout", "-fingerprint", "-sha1").trim(), "sha1 Fingerprint=" + Fingerprints.sha1(c));
        assertEquals(OpenSsl.ok(pem, "x509", "-noout", "-fingerprint", "-sha256").trim(), "sha256 Fingerprint=" + Fingerprints.sha256(c));
    }
}
