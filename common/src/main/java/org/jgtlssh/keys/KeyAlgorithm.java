package org.jgtlssh.keys;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The key types gtlssh-keygen makes ({@code --algorithm ed25519|ec|rsa}), generated with the JDK's own
 * providers (SunEC, SunRsaSign): no Bouncy Castle provider is created, which keeps the tool's start-up
 * short and gives PKCS#8 v1 encodings that OpenSSL 3.0 reads.
 */
public enum KeyAlgorithm {
    /** The default, as in gtlssh-keygen built against an OpenSSL that knows Ed25519. */
    ED25519("ed25519", "Ed25519", "1.3.101.112", false),
    /** NIST prime curves; gtlssh-keygen's default size is 256 (P-256). */
    EC("ec", "SHA256withECDSA", "1.2.840.10045.4.3.2", false),
    /** RSA; gtlssh-keygen's default size is 2048. */
    RSA("rsa", "SHA256withRSA", "1.2.840.113549.1.1.11", true);

    private final String cliName;
    private final String signatureAlgorithm;
    private final String signatureOid;
    private final boolean signatureParamsNull;

    KeyAlgorithm(String cliName, String signatureAlgorithm, String signatureOid, boolean nullParams) {
        this.cliName = cliName;
        this.signatureAlgorithm = signatureAlgorithm;
        this.signatureOid = signatureOid;
        this.signatureParamsNull = nullParams;
    }

    /** The name used on the command line and in messages. */
    public String cliName() {
        return cliName;
    }

    /** JCA name of the signature the self-signed certificate carries. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** DER AlgorithmIdentifier of that signature (RFC 8410 / RFC 5758 / RFC 4055). */
    byte[] signatureAlgorithmIdentifier() {
        return signatureParamsNull
                ? Der.sequence(Der.oid(signatureOid), Der.nul())
                : Der.sequence(Der.oid(signatureOid));
    }

    /** Parses {@code ed25519}, {@code ec} or {@code rsa} (case-insensitive). */
    public static KeyAlgorithm parse(String name) {
        for (KeyAlgorithm a : values()) {
            if (a.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("Invalid algorithm: " + name);
    }

    /**
     * Checks a {@code --keysize} the way gtlssh-keygen does and resolves the default.
     *
     * @throws IllegalArgumentException with gtlssh-keygen's message for a size it refuses; we also
     *     refuse P-192 and P-224, which the JDK no longer implements (gtlssh-keygen accepts them)
     */
    public int resolveKeySize(OptionalInt requested) {
        switch (this) {
            case ED25519 -> {
                if (requested.isPresent()) {
                    throw new IllegalArgumentException("Keysize not accepted for ED25519");
                }
                return 256;
            }
            case EC -> {
                int bits = requested.orElse(256);
                return switch (bits) {
                    case 256, 384, 521 -> bits;
                    case 192, 224 -> throw new IllegalArgumentException(
                            "Keysize " + bits + " is not supported for EC here (use 256, 384 or 521)");
                    default -> throw new IllegalArgumentException("Keysize " + bits + " is invalid for EC");
                };
            }
            default -> {
                int bits = requested.orElse(2048);
                if (bits < 2048 || bits > 16384) {
                    // gtlssh-keygen passes any value to OpenSSL; below 2048 is no longer safe.
                    throw new IllegalArgumentException("Keysize " + bits + " is invalid for RSA (2048 to 16384)");
                }
                return bits;
            }
        }
    }

    /** Generates a fresh key pair of this type (size already resolved by {@link #resolveKeySize}). */
    public KeyPair generate(int keySize) {
        try {
            KeyPairGenerator g;
            switch (this) {
                case ED25519 -> g = KeyPairGenerator.getInstance("Ed25519");
                case EC -> {
                    g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp" + keySize + "r1")); // secp256r1 = P-256, ...
                }
                default -> {
                    g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(new RSAKeyGenParameterSpec(keySize, RSAKeyGenParameterSpec.F4));
                }
            }
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("the JDK cannot make " + cliName + " keys: " + e.getMessage(), e);
        }
    }

    /** The algorithm of an existing key ({@code Ed25519}, {@code EC}, {@code RSA} from the JDK). */
    public static KeyAlgorithm of(java.security.Key key) {
        return switch (key.getAlgorithm()) {
            case "Ed25519", "EdDSA" -> ED25519;
            case "EC" -> EC;
            case "RSA" -> RSA;
            default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        };
    }
}
