package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.keys.Pem;

/**
 * The server side of the exchange (spec/certauth.md 3.3-3.4, 5.3), with gensio's wire behaviour and
 * none of its loopholes:
 * <ul>
 *   <li>no signature below version 3 (MD5) is accepted: such clients are refused at CLIENTHELLO;</li>
 *   <li>success = (certificate or password) and, when 2FA is enabled, the second factor: every factor
 *       asked for must pass (gensio ORs password and 2FA);</li>
 *   <li>2FA data the server did not ask for is ignored (it never undoes a certificate success);</li>
 *   <li>the result is "authenticated as U by F" or "refused", never both: {@code allow-authfail} only
 *       changes what goes on the wire (RESULT 1, as gtlssh clients expect), not the result;</li>
 *   <li>every refusal looks the same: RESULT 2 after a random delay, whatever check failed;</li>
 *   <li>the whole exchange runs under a deadline; elements are bounded by the decoder.</li>
 * </ul>
 *
 * <pre>
 *   WAIT_CLIENTHELLO ──SERVERHELLO──► WAIT_CHALRSP ──PASSWORD_REQUEST──► WAIT_PASSWORD ──SERVERDONE──► pass-through
 * </pre>
 */
final class CertauthServer {
    static final int VERSION = 4;
    static final int CHALLENGE_LENGTH = 32;
    /** Refusals are answered after a random delay in this range, so timing tells nothing about why. */
    static final int MIN_DELAY_MS = 100;
    static final int MAX_DELAY_MS = 400;

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertauthServer() {}

    /** The outcome and what followed SERVERDONE. */
    record Outcome(AuthResult result, String username, byte[] service, byte[] aux, byte[] leftover) {}

    static Outcome run(CertauthOptions o, Gensio child, OpenContext ctx) throws IOException {
        MessageIO io = new MessageIO(child, "client");

        CertauthMessage hello = io.expect(CertauthMessage.CLIENTHELLO, false);
        int clientVersion = hello.find(CertauthMessage.VERSION)
                .orElseThrow(() -> new ProtocolException("certauth", "protocol error: CLIENTHELLO without VERSION")).u16();
        if (clientVersion < CertauthSignature.MIN_VERSION) {
            throw new GensioException("certauth", "the client speaks certauth version " + clientVersion
                    + "; versions below " + CertauthSignature.MIN_VERSION + " sign MD5 digests and are refused");
        }
        int version = Math.min(VERSION, clientVersion);
        String user = hello.value(CertauthMessage.USERNAME).map(CertauthServer::utf8).orElse(null);
        byte[] service = hello.value(CertauthMessage.SERVICE).orElse(new byte[0]);

        byte[] exporter = exporter(child);
        byte[] challenge = new byte[CHALLENGE_LENGTH];
        RANDOM.nextBytes(challenge);
        if (exporter != null) {
            System.arraycopy(CertauthSignature.CB_MARKER, 0, challenge, 0, CertauthSignature.CB_MARKER.length);
        }
        io.write(CertauthMessage.builder(CertauthMessage.SERVERHELLO).u16(CertauthMessage.VERSION, VERSION)
                .add(CertauthMessage.CHALLENGE_DATA, challenge.clone()).build());

        CertauthMessage rsp = io.expect(CertauthMessage.CHALLENGE_RESPONSE, false);
        Optional<byte[]> certPem = rsp.value(CertauthMessage.CERTIFICATE);
        Optional<byte[]> sig = rsp.value(CertauthMessage.CHALLENGE_RSP);
        if (certPem.isPresent() != sig.isPresent()) {
            throw new ProtocolException("certauth", "protocol error: CERTIFICATE and CHALLENGE_RSP must come together");
        }
        byte[] aux = rsp.value(CertauthMessage.AUX_DATA).orElse(null);
        boolean cbClaimed = rsp.value(CertauthMessage.OPTIONS).map(v -> Arrays.equals(v, CertauthSignature.CB_OPTION))
                .orElse(false);

        String certName = null;
        boolean channelBound = false;
        if (certPem.isPresent()) {
            X509Certificate cert = parseCertificate(certPem.get());
            byte[] bound = cbClaimed ? exporter : null;
            boolean formOk = cbClaimed ? exporter != null : !o.requireChannelBinding();
            if (cert != null && formOk && user != null && CertauthSignature.verify(cert.getPublicKey(), version,
                    CertauthSignature.signedBytes(challenge, service, bound), sig.get())) {
                // possession proven: only now look at the user's files
                certName = authenticator(o, ctx).authenticate(user, cert).orElse(null);
                channelBound = certName != null && bound != null;
            }
        } else if (o.useChildAuth() && child.isAuthenticated() && user != null) {
            certName = "TLS client certificate";
        }
        boolean certOk = certName != null;

        int ptype = (!certOk && o.enablePassword()) ? 1 : 2;
        if (o.enable2fa()) {
            ptype |= 0x100;
        }
        io.write(CertauthMessage.builder(CertauthMessage.PASSWORD_REQUEST).u16(CertauthMessage.PASSWORD_TYPE, ptype).build());

        CertauthMessage pw = io.expect(CertauthMessage.PASSWORD, false);
        boolean passwordOk = false;
        boolean secondOk = !o.enable2fa();
        try {
            if ((ptype & 0xff) == 1 && user != null) {
                byte[] field = pw.value(CertauthMessage.PASSWORD_DATA).orElse(null);
                Optional<PasswordChecker> checker = ctx.get(Certauth.PASSWORD_CHECKER);
                if (field != null && field[0] != 0 && checker.isPresent()) {
                    int len = 0;
                    while (len < field.length && field[len] != 0) {
                        len++;
                    }
                    byte[] password = Arrays.copyOf(field, len); // up to the first NUL (spec 5.3 side note)
                    try {
                        passwordOk = checker.get().check(user, password);
                    } finally {
                        Arrays.fill(password, (byte) 0);
                    }
                }
            }
            if (o.enable2fa() && user != null) {
                byte[] tf = pw.value(CertauthMessage.SECOND_FACTOR_DATA).orElse(null);
                Optional<SecondFactorChecker> checker = ctx.get(Certauth.SECOND_FACTOR_CHECKER);
                secondOk = tf != null && checker.isPresent() && checker.get().check(user, tf.clone());
            }
        } finally {
            for (CertauthMessage.Element e : pw.elements()) {
                Arrays.fill(e.value(), (byte) 0);
            }
        }

        boolean success = user != null && (certOk || passwordOk) && secondOk;
        AuthResult result = success ? new AuthResult.Authenticated(user, certOk ? certName : null, o.enable2fa(), channelBound)
                : new AuthResult.Refused(user);
        if (!success) {
            pause();
        }
        io.write(CertauthMessage.builder(CertauthMessage.SERVERDONE)
                .u16(CertauthMessage.RESULT, success || o.allowAuthfail() ? 1 : 2).build());
        ctx.listener().event("certauth", success ? "auth-ok" : "auth-refused", Map.of(
                "user", user == null ? "" : user, "by", success ? (certOk ? "certificate " + certName : "password") : "",
                "channel-bound", channelBound, "remote", child.remoteAddress()));
        return new Outcome(result, user, service, aux, io.leftover());
    }

    /** The TLS exporter value, or null when the child cannot export (no TLS: no channel binding). */
    private static byte[] exporter(Gensio child) {
        Optional<org.jgtlssh.gensio.Controls.KeyingMaterialExporter> x = child.get(Controls.TLS_EXPORTER);
        if (x.isEmpty()) {
            return null;
        }
        try {
            return x.get().export(CertauthSignature.EXPORTER_LABEL, new byte[0], CertauthSignature.EXPORTER_LENGTH);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static CertificateAuthenticator authenticator(CertauthOptions o, OpenContext ctx) {
        Optional<CertificateAuthenticator> a = ctx.get(Certauth.AUTHENTICATOR);
        if (a.isPresent()) {
            return a.get();
        }
        if (o.ca() != null) {
            return new CaStoreAuthenticator(o.ca());
        }
        return (u, c) -> Optional.empty(); // gensio 2.6.2: no CA, no certificate verifies
    }

    /** The first PEM certificate of the element, or null (treated like any failed check). */
    private static X509Certificate parseCertificate(byte[] pem) {
        try {
            List<X509Certificate> l = Pem.parseCertificates(new String(pem, StandardCharsets.ISO_8859_1));
            return l.isEmpty() ? null : l.getFirst();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Strict UTF-8 without control characters, or null (a name that can never log in). */
    static String utf8(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            for (int i = 0; i < s.length(); i++) {
                if (Character.isISOControl(s.charAt(i))) {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Tests that run thousands of refusals set this to false; nothing else touches it. */
    static volatile boolean refusalDelay = true;

    private static void pause() {
        if (!refusalDelay) {
            return;
        }
        try {
            Thread.sleep(MIN_DELAY_MS + RANDOM.nextInt(MAX_DELAY_MS - MIN_DELAY_MS + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
