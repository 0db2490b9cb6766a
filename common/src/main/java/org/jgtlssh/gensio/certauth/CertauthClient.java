package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.keys.Pem;

/**
 * The client side of the exchange (spec/certauth.md 3.2), stricter than gensio's: it refuses servers
 * below version 3 (MD5), sends 2FA data only when asked, and signs over the TLS exporter when the
 * server's challenge offers channel binding.
 *
 * <pre>
 *   START ──CLIENTHELLO──► WAIT_SERVERHELLO ──CHALLENGE_RESPONSE──► WAIT_PASSWORD_REQ ──PASSWORD──►
 *   WAIT_SERVERDONE ──RESULT 1──► pass-through          (SERVERDONE accepted in every wait; RESULT≠1 fails)
 * </pre>
 */
final class CertauthClient {
    static final int VERSION = 4;
    static final int DUMMY_CERT = 1265;
    static final int DUMMY_SIG = 256;

    private CertauthClient() {}

    /** Runs the exchange; returns the bytes that followed SERVERDONE. */
    static byte[] run(CertauthOptions o, Gensio child, OpenContext ctx) throws IOException {
        if (!child.isEncrypted() && !o.allowUnencrypted()) {
            throw new GensioException("certauth", "refusing to authenticate over an unencrypted link; put ssl under certauth");
        }
        X509Certificate cert = null;
        PrivateKey key = null;
        byte[] certPem = null;
        if (o.cert() != null) {
            cert = Pem.readCertificates(Path.of(o.cert())).getFirst();
            key = Pem.readPrivateKey(Path.of(o.key()));
            if (!keyMatches(key, cert)) {
                throw new GensioException("certauth", o.key() + " is not the key of the certificate " + o.cert());
            }
            certPem = Pem.toPem(cert).getBytes(StandardCharsets.US_ASCII);
            if (certPem.length > CertauthMessage.MAX_ELEMENT) {
                throw new GensioException("certauth", o.cert() + ": certificate too large for certauth ("
                        + certPem.length + " > " + CertauthMessage.MAX_ELEMENT + " bytes)");
            }
        }
        byte[] service = ctx.get(Certauth.SERVICE_BYTES).map(byte[]::clone).orElse(o.service());
        byte[] aux = ctx.get(Certauth.AUX_DATA).map(byte[]::clone).orElse(null);
        MessageIO io = new MessageIO(child, "server");

        var hello = CertauthMessage.builder(CertauthMessage.CLIENTHELLO).u16(CertauthMessage.VERSION, VERSION);
        if (o.username() != null) {
            hello.add(CertauthMessage.USERNAME, o.username().getBytes(StandardCharsets.UTF_8));
        }
        if (service != null) {
            hello.add(CertauthMessage.SERVICE, service);
        }
        io.write(hello.build());

        CertauthMessage m = io.expect(CertauthMessage.SERVERHELLO, true);
        if (m.type() == CertauthMessage.SERVERDONE) {
            return done(m, io);
        }
        int serverVersion = m.find(CertauthMessage.VERSION).orElseThrow(() -> missing("VERSION", "SERVERHELLO")).u16();
        byte[] challenge = m.value(CertauthMessage.CHALLENGE_DATA).orElseThrow(() -> missing("CHALLENGE_DATA", "SERVERHELLO"));
        if (serverVersion < CertauthSignature.MIN_VERSION) {
            throw new GensioException("certauth", "the server speaks certauth version " + serverVersion
                    + "; versions below " + CertauthSignature.MIN_VERSION + " sign MD5 digests and are refused");
        }
        int version = Math.min(VERSION, serverVersion);

        var rsp = CertauthMessage.builder(CertauthMessage.CHALLENGE_RESPONSE);
        if (cert != null) {
            byte[] exporter = null;
            if (o.channelBinding() && CertauthSignature.offersChannelBinding(challenge)) {
                Controls.KeyingMaterialExporter x = child.get(Controls.TLS_EXPORTER).orElseThrow(() ->
                        new GensioException("certauth", "the server offers channel binding but this link has no TLS exporter"));
                exporter = x.export(CertauthSignature.EXPORTER_LABEL, new byte[0], CertauthSignature.EXPORTER_LENGTH);
            }
            byte[] sig;
            try {
                sig = CertauthSignature.sign(key, version,
                        CertauthSignature.signedBytes(challenge, service == null ? new byte[0] : service, exporter));
            } catch (GeneralSecurityException e) {
                throw new GensioException("certauth", "cannot sign the challenge: " + e.getMessage(), e);
            }
            rsp.add(CertauthMessage.CERTIFICATE, certPem).add(CertauthMessage.CHALLENGE_RSP, sig);
            if (exporter != null) {
                rsp.add(CertauthMessage.OPTIONS, CertauthSignature.CB_OPTION.clone());
            }
        } else {
            rsp.add(CertauthMessage.DUMMY_DATA, new byte[DUMMY_CERT]).add(CertauthMessage.DUMMY_DATA, new byte[DUMMY_SIG]);
        }
        if (aux != null && aux.length > 0) {
            rsp.add(CertauthMessage.AUX_DATA, aux);
        }
        io.write(rsp.build());

        m = io.expect(CertauthMessage.PASSWORD_REQUEST, true);
        if (m.type() == CertauthMessage.SERVERDONE) {
            return done(m, io);
        }
        int ptype = m.find(CertauthMessage.PASSWORD_TYPE).orElseThrow(() -> missing("PASSWORD_TYPE", "PASSWORD_REQUEST")).u16();
        CertauthMessage pm = passwordMessage(o, ctx, ptype);
        try {
            io.write(pm);
        } finally {
            for (CertauthMessage.Element e : pm.elements()) {
                Arrays.fill(e.value(), (byte) 0); // the password and second factor
            }
        }

        return done(io.expect(CertauthMessage.SERVERDONE, true), io);
    }

    private static CertauthMessage passwordMessage(CertauthOptions o, OpenContext ctx, int ptype) throws IOException {
        var pm = CertauthMessage.builder(CertauthMessage.PASSWORD);
        if ((ptype & 0xff) == 1) {
            byte[] field = new byte[CertauthOptions.PASSWORD_FIELD];
            if (o.enablePassword()) {
                byte[] pw = o.password() != null ? o.password().clone() : null;
                if (pw == null && ctx.get(Certauth.PASSWORD_PROMPT).isPresent()) {
                    pw = ctx.get(Certauth.PASSWORD_PROMPT).get().password(o.username());
                }
                if (pw != null) {
                    try {
                        if (pw.length > field.length) {
                            throw new GensioException("certauth", "password longer than " + field.length + " bytes");
                        }
                        System.arraycopy(pw, 0, field, 0, pw.length);
                    } finally {
                        Arrays.fill(pw, (byte) 0);
                    }
                }
            }
            pm.add(CertauthMessage.PASSWORD_DATA, field);
        } else {
            pm.add(CertauthMessage.DUMMY_DATA, new byte[CertauthOptions.PASSWORD_FIELD]);
        }
        // Only when asked: gensio servers let volunteered 2FA data override a certificate success (5.2).
        if ((ptype & 0x100) != 0) {
            byte[] tf = o.secondFactor() != null ? o.secondFactor().clone() : null;
            if (tf == null && ctx.get(Certauth.SECOND_FACTOR_PROMPT).isPresent()) {
                tf = ctx.get(Certauth.SECOND_FACTOR_PROMPT).get().secondFactor(o.username());
            }
            if (tf == null || tf.length == 0 || tf.length > CertauthMessage.MAX_ELEMENT) {
                throw new GensioException("certauth", "the server asks for a second factor and none was given");
            }
            pm.add(CertauthMessage.SECOND_FACTOR_DATA, tf);
        }
        return pm.build();
    }

    private static byte[] done(CertauthMessage m, MessageIO io) throws IOException {
        int result = m.find(CertauthMessage.RESULT).orElseThrow(() -> missing("RESULT", "SERVERDONE")).u16();
        if (result != 1) {
            throw new GensioException("certauth", "authentication refused by the server");
        }
        return io.leftover();
    }

    private static ProtocolException missing(String element, String message) {
        return new ProtocolException("certauth", "protocol error: " + message + " without " + element);
    }

    static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        try {
            byte[] probe = "jgtlssh certauth key check".getBytes(StandardCharsets.US_ASCII);
            return CertauthSignature.verify(cert.getPublicKey(), VERSION, probe, CertauthSignature.sign(key, VERSION, probe));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
