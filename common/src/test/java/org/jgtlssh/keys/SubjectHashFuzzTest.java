package org.jgtlssh.keys;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.cert.CertificateParsingException;

/**
 * The subject hash parses a Name from a certificate a peer sent (TOFU stores server certificates): on
 * any bytes it returns a hash or throws {@link CertificateParsingException}, nothing else.
 */
class SubjectHashFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anyBytes(byte[] data) {
        try {
            String h = SubjectHash.ofName(data);
            if (h.length() != 8) {
                throw new AssertionError("hash " + h);
            }
        } catch (CertificateParsingException expected) {
            // refused cleanly
        }
    }
}
