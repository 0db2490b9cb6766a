package org.jgtlssh.gensio.certauth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jgtlssh.gensio.ssl.TestCerts;
import org.jgtlssh.keys.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every message captured from the real gensio 2.6.2 decodes, re-encodes byte-exactly, and verifies. */
class CertauthVectorTest {
    @TempDir
    Path dir;

    @Test
    void everyCapturedMessageDecodesAndEncodesToTheSameBytes() throws Exception {
        int messages = 0;
        for (Path f : CertauthVectors.files()) {
            for (CertauthVectors.Captured c : CertauthVectors.read(f)) {
                if (c.name().equals("PASSTHROUGH")) {
                    continue;
                }
                String where = c.file() + " #" + c.index();
                CertauthDecoder d = new CertauthDecoder();
                assertEquals(c.bytes().length, d.feed(c.bytes(), 0, c.bytes().length), where);
                CertauthMessage m = d.take();
                assertNotNull(m, where);
                assertEquals(c.name(), CertauthMessage.typeName(m.type()), where);
                assertArrayEquals(c.bytes(), m.encode(), where + ": encode gives the captured bytes");
                // the same bytes one at a time
                CertauthDecoder slow = new CertauthDecoder();
                for (int i = 0; i < c.bytes().length; i++) {
                    assertEquals(1, slow.feed(c.bytes(), i, 1), where);
                }
                assertEquals(m.elements().size(), slow.take().elements().size(), where);
                messages++;
            }
        }
        assertTrue(messages >= 100, "all vector files were read: " + messages);
    }

    /** Signature checks on every captured CHALLENGE_RESPONSE with a certificate. */
    @Test
    void capturedSignaturesVerifyExactlyWhenTheyShould() throws Exception {
        int checked = 0;
        for (Path f : CertauthVectors.files()) {
            List<CertauthVectors.Captured> msgs = CertauthVectors.read(f);
            CertauthMessage hello = null;
            CertauthMessage serverHello = null;
            for (CertauthVectors.Captured c : msgs) {
                CertauthDecoder d = new CertauthDecoder();
                if (c.name().equals("PASSTHROUGH")) {
                    continue;
                }
                d.feed(c.bytes(), 0, c.bytes().length);
                CertauthMessage m = d.take();
                if (m.type() == CertauthMessage.CLIENTHELLO) {
                    hello = m;
                } else if (m.type() == CertauthMessage.SERVERHELLO) {
                    serverHello = m;
                } else if (m.type() == CertauthMessage.CHALLENGE_RESPONSE && m.find(CertauthMessage.CERTIFICATE).isPresent()) {
                    int version = Math.min(hello.find(CertauthMessage.VERSION).orElseThrow().u16(),
                            serverHello.find(CertauthMessage.VERSION).orElseThrow().u16());
                    X509Certificate cert = Pem.parseCertificates(new String(m.value(CertauthMessage.CERTIFICATE).orElseThrow(),
                            StandardCharsets.US_ASCII)).getFirst();
                    byte[] signed = CertauthSignature.signedBytes(serverHello.value(CertauthMessage.CHALLENGE_DATA).orElseThrow(),
                            hello.value(CertauthMessage.SERVICE).orElse(new byte[0]), null);
                    boolean ok = CertauthSignature.verify(cert.getPublicKey(), version, signed,
                            m.value(CertauthMessage.CHALLENGE_RSP).orElseThrow());
                    boolean expected = version >= 3 && !f.getFileName().toString().contains("badsig");
                    assertEquals(expected, ok, f.getFileName() + " (version " + version + ")");
                    checked++;
                }
            }
        }
        assertTrue(checked >= 10, "signatures checked: " + checked);
    }

    @Test
    void ed25519AndRsaSignaturesAreReproducedByteExactly() throws Exception {
        for (String[] v : new String[][] {{"certauth-ed25519-ok.txt", "testuser"}, {"certauth-rsa-ok.txt", "rsauser"}}) {
            List<CertauthVectors.Captured> msgs = CertauthVectors.read(org.jgtlssh.testutil.TestPaths.vectors().resolve(v[0]));
            CertauthMessage hello = decode(msgs, "CLIENTHELLO");
            CertauthMessage sh = decode(msgs, "SERVERHELLO");
            CertauthMessage rsp = decode(msgs, "CHALLENGE_RESPONSE");
            PrivateKey key = Pem.readPrivateKey(TestCerts.vectorIdentity(dir, v[1]).key());
            byte[] sig = CertauthSignature.sign(key, 4, CertauthSignature.signedBytes(
                    sh.value(CertauthMessage.CHALLENGE_DATA).orElseThrow(), hello.value(CertauthMessage.SERVICE).orElse(new byte[0]), null));
            assertArrayEquals(rsp.value(CertauthMessage.CHALLENGE_RSP).orElseThrow(), sig, v[0]);
        }
    }

    @Test
    void versionsBelowThreeAreNeverSignedOrAccepted() throws Exception {
        PrivateKey ec = Pem.readPrivateKey(TestCerts.vectorIdentity(dir, "ecuser").key());
        for (int v : new int[] {1, 2}) {
            int version = v;
            assertFalse(runs(() -> CertauthSignature.sign(ec, version, new byte[] {1})), "no signature at version " + v);
        }
        PrivateKey ed = Pem.readPrivateKey(TestCerts.vectorIdentity(dir, "testuser").key());
        assertFalse(runs(() -> CertauthSignature.sign(ed, 3, new byte[] {1})), "Ed25519 needs version 4");
    }

    interface Call {
        Object call() throws Exception;
    }

    static boolean runs(Call c) {
        try {
            c.call();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static CertauthMessage decode(List<CertauthVectors.Captured> msgs, String name) throws Exception {
        for (CertauthVectors.Captured c : msgs) {
            if (c.name().equals(name)) {
                CertauthDecoder d = new CertauthDecoder();
                d.feed(c.bytes(), 0, c.bytes().length);
                return d.take();
            }
        }
        throw new AssertionError("no " + name);
    }
}
