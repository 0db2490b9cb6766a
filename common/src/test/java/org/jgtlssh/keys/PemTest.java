package org.jgtlssh.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.jgtlssh.gensio.ssl.TestCerts;
import org.jgtlssh.testutil.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the key and certificate files that gtlssh-keygen, OpenSSL and BouncyCastle write. */
class PemTest {
    @TempDir
    Path dir;

    /** The key must sign something its certificate verifies: proof that it was read right. */
    static void assertPair(PrivateKey key, TestCerts.Identity id) throws Exception {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(id.certificate().getPublicKey());
        v.update(new byte[] {1, 2, 3});
        assertTrue(v.verify(sig), "key matches certificate");
    }

    Path openssl(Path in, String name, String... args) throws Exception {
        Path out = dir.resolve(name);
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "pkey", "-in", in.toString(), "-out", out.toString()));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd)) {
            assertEquals(0, p.waitFor(java.time.Duration.ofSeconds(20)), p.err());
        }
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        return out;
    }

    @Test
    void pkcs8KeysOfAllThreeTypesFromGtlsshKeygen() throws Exception {
        for (String user : List.of("testuser", "rsauser", "ecuser")) {
            TestCerts.Identity id = TestCerts.vectorIdentity(dir, user);
            assertPair(Pem.readPrivateKey(id.key()), id);
            assertEquals(1, Pem.readCertificates(id.cert()).size());
            assertEquals(Files.readString(id.cert()), Pem.toPem(id.certificate()), "PEM printed as OpenSSL does");
        }
    }

    @Test
    void traditionalSec1AndPkcs1Keys() throws Exception {
        TestCerts.Identity ec = TestCerts.vectorIdentity(dir, "ecuser");
        Path sec1 = openssl(ec.key(), "ec-sec1.key", "-traditional");
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        assertPair(Pem.readPrivateKey(sec1), ec);

        TestCerts.Identity rsa = TestCerts.vectorIdentity(dir, "rsauser");
        Path pkcs1 = openssl(rsa.key(), "rsa-pkcs1.key", "-traditional");
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"));
        assertPair(Pem.readPrivateKey(pkcs1), rsa);
    }

    @Test
    void ed25519Pkcs8Version2AsBouncyCastleWritesIt() throws Exception {
        TestCerts.Identity id = TestCerts.vectorIdentity(dir, "testuser");
        PrivateKey k = Pem.readPrivateKey(id.key());
        PemObject v2 = new JcaPKCS8Generator(k, null).generate();
        String pem = Pem.toPem("PRIVATE KEY", v2.getContent());
        assertPair(Pem.parsePrivateKey(pem), id);
    }

    @Test
    void keyReadableByOthersIsRefused() throws Exception {
        TestCerts.Identity id = TestCerts.vectorIdentity(dir, "testuser");
        Files.setPosixFilePermissions(id.key(), PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> Pem.readPrivateKey(id.key()));
        assertTrue(e.getMessage().contains("accessible by group or others"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void garbageGivesClearErrors() {
        assertThrows(IOException.class, () -> Pem.parsePrivateKey("nothing here"));
        assertThrows(IOException.class, () -> Pem.parsePrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        assertThrows(IOException.class, () -> Pem.parsePrivateKey("-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n"));
        assertThrows(IOException.class, () -> Pem.parseCertificates("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"));
        assertThrows(IOException.class, () -> Pem.parsePrivateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n"));
        assertEquals(0, assertDoesNotThrowList("no pem at all").size());
    }

    static List<?> assertDoesNotThrowList(String s) {
        try {
            return Pem.parseCertificates(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pemBlockBytesRoundTrip() throws Exception {
        byte[] b = "some bytes".getBytes(StandardCharsets.US_ASCII);
        assertEquals("some bytes", new String(Pem.blocks(Pem.toPem("X", b)).getFirst().der(), StandardCharsets.US_ASCII));
    }
}
