package org.jgtlssh.gensio.certauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.IntRange;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.jgtlssh.gensio.ssl.Async;
import org.jgtlssh.gensio.ssl.TestCerts;
import org.jgtlssh.keys.Pem;

/**
 * "Nothing is granted" under tampering: a valid certificate login for alice with one bit flipped
 * anywhere in what the client sends either fails or still logs in exactly alice with exactly her
 * certificate (a flip the PEM decoder ignores, say). Never another user, never a RESULT 1 to the client
 * for a login the server refused.
 */
class CertauthTamperProperties {
    static Path dir;
    static TestCerts.Identity alice;
    static PrivateKey aliceKey;
    static OpenContext policy;

    @BeforeContainer
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("tamper");
        alice = TestCerts.vectorIdentity(dir, "testuser");
        aliceKey = Pem.readPrivateKey(alice.key());
        X509Certificate hers = alice.certificate();
        CertificateAuthenticator onlyAlice = (u, c) -> u.equals("alice") && c.equals(hers) ? Optional.of("alice.crt")
                : Optional.empty();
        policy = OpenContext.DEFAULT.with(Certauth.AUTHENTICATOR, onlyAlice);
        CertauthServer.refusalDelay = false;
    }

    @AfterContainer
    static void tearDown() {
        CertauthServer.refusalDelay = true;
    }

    @Property(tries = 150)
    void oneFlippedBitNeverGrantsAnythingElse(@ForAll @IntRange(min = 0, max = 7000) int bit) throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        // a flip that lengthens an element leaves the server waiting: its deadline ends the try
        CertauthOptions so = CertauthHarness.options("certauth(con-timeout=400m)", Role.SERVER);
        CompletableFuture<CertauthGensio> srv = Async.supply(() -> {
            try {
                return CertauthGensio.open(so, p[1], policy);
            } catch (IOException e) {
                p[1].abort();
                throw new RuntimeException(e);
            }
        });
        int clientResult = -1;
        try {
            clientResult = login(p[0], bit);
        } catch (IOException e) {
            // the server hung up or the flip broke the framing
        } finally {
            p[0].abort();
        }
        try {
            CertauthGensio g = srv.get(10, TimeUnit.SECONDS);
            AuthResult.Authenticated a = (AuthResult.Authenticated) g.result();
            assertEquals("alice", a.user());
            assertEquals("alice.crt", a.certificate());
        } catch (ExecutionException refused) {
            assertTrue(clientResult != 1, "the client was told RESULT 1 for a refused login");
        }
    }

    /** A correct login whose c2s bytes get bit {@code bit} flipped (bits past the end flip nothing). */
    static int login(Gensio end, int bit) throws Exception {
        MessageIO io = new MessageIO(end);
        int[] offset = {0};
        send(end, CertauthMessage.builder(CertauthMessage.CLIENTHELLO).u16(CertauthMessage.VERSION, 4)
                .add(CertauthMessage.USERNAME, "alice".getBytes(StandardCharsets.US_ASCII))
                .add(CertauthMessage.SERVICE, "mux\0".getBytes(StandardCharsets.US_ASCII)).build(), bit, offset);
        CertauthMessage sh = io.expect(CertauthMessage.SERVERHELLO, false);
        byte[] sig = CertauthSignature.sign(aliceKey, 4, CertauthSignature.signedBytes(
                sh.value(CertauthMessage.CHALLENGE_DATA).orElseThrow(), "mux\0".getBytes(StandardCharsets.US_ASCII), null));
        send(end, CertauthMessage.builder(CertauthMessage.CHALLENGE_RESPONSE)
                .add(CertauthMessage.CERTIFICATE, Pem.toPem(alice.certificate()).getBytes(StandardCharsets.US_ASCII))
                .add(CertauthMessage.CHALLENGE_RSP, sig).add(CertauthMessage.AUX_DATA, new byte[4]).build(), bit, offset);
        io.expect(CertauthMessage.PASSWORD_REQUEST, true);
        send(end, CertauthMessage.builder(CertauthMessage.PASSWORD).add(CertauthMessage.DUMMY_DATA, new byte[100]).build(),
                bit, offset);
        return io.expect(CertauthMessage.SERVERDONE, true).find(CertauthMessage.RESULT).orElseThrow().u16();
    }

    static void send(Gensio end, CertauthMessage m, int bit, int[] offset) throws IOException {
        byte[] b = m.encode();
        int i = bit / 8 - offset[0];
        if (i >= 0 && i < b.length) {
            b[i] ^= (byte) (1 << (bit % 8));
        }
        offset[0] += b.length;
        end.write(b);
    }
}
