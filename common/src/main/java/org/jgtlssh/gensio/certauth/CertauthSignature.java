package org.jgtlssh.gensio.certauth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * The challenge signature (spec/certauth.md section 4) and our channel-bound variant
 * (docs/protocol-extensions.md, "certauth channel binding").
 *
 * <pre>
 *   plain (gensio):   signed = challenge || service
 *   channel-bound:    signed = "jgtlssh certauth channel binding v1" 00 || challenge
 *                               || TLS-Exporter("EXPORTER-jgtlssh-certauth", "", 32) || service
 *
 *   version >= 4, Ed25519:  pure Ed25519 (no pre-hash), 64 bytes
 *   version >= 3, EC:       ECDSA over SHA3-512, DER SEQUENCE{r, s}
 *   version >= 3, RSA:      RSASSA-PKCS1-v1_5 with SHA3-512
 *   version <= 2:           MD5 based in gensio: never signed, never accepted here
 * </pre>
 *
 * The channel-bound input starts with a fixed label, never with the challenge, so no plain input
 * (which always starts with the server's challenge) can equal a channel-bound one: a signature made
 * for one form is useless as the other.
 */
public final class CertauthSignature {
    /** The lowest version whose signatures we make or accept (3 = SHA3-512; below is MD5). */
    public static final int MIN_VERSION = 3;

    static final byte[] CB_LABEL = "jgtlssh certauth channel binding v1\0".getBytes(StandardCharsets.US_ASCII);
    /** The RFC 8446/5705 exporter label for the binding value. */
    public static final String EXPORTER_LABEL = "EXPORTER-jgtlssh-certauth";
    public static final int EXPORTER_LENGTH = 32;

    private CertauthSignature() {}

    /** The bytes that are signed. {@code exporter} is null for the plain (gensio) form. */
    public static byte[] signedBytes(byte[] challenge, byte[] service, byte[] exporter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(challenge.length + service.length + 80);
        if (exporter != null) {
            out.writeBytes(CB_LABEL);
            out.writeBytes(challenge);
            out.writeBytes(exporter);
        } else {
            out.writeBytes(challenge);
        }
        out.writeBytes(service);
        return out.toByteArray();
    }

    /** The JCA algorithm for a key at an effective protocol version; throws if not allowed. */
    static String algorithm(Key key, int version) throws GeneralSecurityException {
        if (version < MIN_VERSION) {
            throw new GeneralSecurityException("certauth version " + version
                    + " signs an MD5 digest; versions below " + MIN_VERSION + " are refused");
        }
        return switch (key.getAlgorithm()) {
            case "EdDSA", "Ed25519" -> {
                if (version < 4) {
                    throw new GeneralSecurityException("Ed25519 keys need certauth version 4, the peer has " + version);
                }
                yield "Ed25519";
            }
            case "EC" -> "SHA3-512withECDSA";
            case "RSA" -> "SHA3-512withRSA";
            default -> throw new GeneralSecurityException("unsupported certauth key type " + key.getAlgorithm());
        };
    }

    public static byte[] sign(PrivateKey key, int version, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm(key, version));
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    /** True only for a valid signature at an allowed version; never throws for bad input. */
    public static boolean verify(PublicKey key, int version, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm(key, version));
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Our server's challenge marker: 8 fixed bytes, then 24 random ones (192 bits of freshness). */
    static final byte[] CB_MARKER = {'j', 'g', 't', 'C', 'B', 0x01, (byte) 0xc3, 0x5a};

    /** True if a server challenge carries our marker (the server can check a channel-bound signature). */
    static boolean offersChannelBinding(byte[] challenge) {
        return challenge.length == 32 && Arrays.equals(challenge, 0, CB_MARKER.length, CB_MARKER, 0, CB_MARKER.length);
    }

    /** The OPTIONS element value a client sends when its signature is channel-bound. */
    static final byte[] CB_OPTION = "jgtlssh-cb1".getBytes(StandardCharsets.US_ASCII);
}
