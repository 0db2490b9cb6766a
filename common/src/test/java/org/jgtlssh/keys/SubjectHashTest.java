package org.jgtlssh.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our subject hash against {@code openssl x509 -subject_hash} (OpenSSL 3.0). */
class SubjectHashTest {
    private static final KeyPair KEYS = KeyAlgorithm.ED25519.generate(256);

    /** Values seen on links gtlssh-keygen 2.6.2 made (keys-and-trust.md §4.1). */
    @Test
    void knownGtlsshSubjects() throws Exception {
        assertEquals("e5bddca0", SubjectHash.ofName(SelfSignedCertificates.gtlsshName("root")));
        assertEquals("87af8e93", SubjectHash.ofName(SelfSignedCertificates.gtlsshName("vm")));
    }

    /**
     * Subjects made by openssl itself with awkward strings: case, runs of white space, leading and
     * trailing blanks, PrintableString/IA5String, multi-valued RDNs, non-ASCII, other attribute types.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "/CN=root/O=gensio/OU=client",
        "/CN=  Mixed   CASE\tName  /O=Gensio",
        "/C=DE/ST=Hessen/L=Frankfurt am Main/O=ACME GmbH/CN=host.example",
        "/CN=a+OU=b+O=c",
        "/CN=Zoë Ünïcode ÄÖÜ/O=x",
        "/emailAddress=Root@Example.COM/CN=x",
        "/DC=org/DC=Example/UID=Jsmith/CN=J  Smith",
        "/serialNumber=12 34/CN=y",
    })
    void matchesOpensslForOpensslMadeSubjects(String subj, @TempDir Path dir) throws Exception {
        Path key = dir.resolve("k");
        Path crt = dir.resolve("c");
        OpenSsl.ok((byte[]) null, "genpkey", "-algorithm", "ed25519", "-out", key.toString());
        OpenSsl.ok((byte[]) null, "req", "-key", key.toString(), "-x509", "-days", "1", "-out", crt.toString(),
                "-subj", subj, "-utf8");
        String expected = OpenSsl.ok(crt, "x509", "-noout", "-subject_hash").trim();
        assertEquals(expected, SubjectHash.of(HashedDirectory.load(crt)));
    }

    /** Any common name gtlssh-keygen could put in a certificate hashes as OpenSSL hashes it. */
    @Property(tries = 25)
    void matchesOpensslForRandomCommonNames(@ForAll("commonNames") String cn) throws Exception {
        X509Certificate c = SelfSignedCertificates.create(KEYS, cn, 1);
        String expected = OpenSsl.ok(PemWriter.certificate(c), "x509", "-noout", "-subject_hash").trim();
        assertEquals(expected, SubjectHash.of(c), "CN=" + cn);
    }

    @Provide
    Arbitrary<String> commonNames() {
        return Arbitraries.strings()
                .withChars(" \tAaZz09-._é\u00c9\u4e2d")
                .withCharRange('a', 'f')
                .withCharRange('A', 'F')
                .ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.contains("\t") || s.length() > 1)
                .filter(s -> s.chars().allMatch(ch -> ch >= 0x20));
    }

    @Test
    void rejectsGarbage() {
        assertThrows(CertificateParsingException.class, () -> SubjectHash.ofName(new byte[] {0x30, 0x05, 0x31}));
        assertThrows(CertificateParsingException.class, () -> SubjectHash.ofName(new byte[] {0x04, 0x00}));
        assertThrows(CertificateParsingException.class, () -> SubjectHash.ofName(new byte[0]));
    }

    /**
     * The same subject with other string types (openssl's string_mask: pkix gives BMPString and
     * PrintableString, nombstr T61String): OpenSSL hashes them alike, and so must we.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pkix", "nombstr", "default", "utf8only"})
    void stringTypesAreCanonicalised(String mask, @TempDir Path dir) throws Exception {
        Path key = dir.resolve("k");
        Path cnf = dir.resolve("c.cnf");
        Path crt = dir.resolve("c");
        java.nio.file.Files.writeString(cnf, "[req]\nstring_mask=" + mask + "\ndistinguished_name=dn\n[dn]\n");
        OpenSsl.ok((byte[]) null, "genpkey", "-algorithm", "ed25519", "-out", key.toString());
        OpenSsl.ok((byte[]) null, "req", "-config", cnf.toString(), "-key", key.toString(), "-x509", "-days", "1",
                "-out", crt.toString(), "-subj", "/CN=Zoë  Ünï/O=Example  Org/C=DE", "-utf8");
        String expected = OpenSsl.ok(crt, "x509", "-noout", "-subject_hash").trim();
        assertEquals("4a847e7b", expected, "the same hash for every mask");
        assertEquals(expected, SubjectHash.of(HashedDirectory.load(crt)));
    }
}
