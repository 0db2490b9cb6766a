package org.jgtlssh.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads PEM private keys and certificates the way OpenSSL and gtlssh-keygen write them, with the JDK's
 * own {@link KeyFactory} and {@link CertificateFactory} only (no BouncyCastle provider on the connect
 * path: loading and verifying the signed BC jar costs a few hundred milliseconds).
 *
 * <p>Private keys:
 * <pre>
 *   -----BEGIN PRIVATE KEY-----      PKCS#8 (v1, or v2 with the public key): Ed25519, EC, RSA
 *   -----BEGIN EC PRIVATE KEY-----   SEC1 (OpenSSL's traditional EC format; BC's PEM writer)
 *   -----BEGIN RSA PRIVATE KEY-----  PKCS#1 (OpenSSL's traditional RSA format)
 * </pre>
 * SEC1 and PKCS#1 keys are wrapped into a PKCS#8 PrivateKeyInfo (a few DER bytes) and handed to the
 * JDK. Encrypted keys are refused: gensio only reads unencrypted keys too.
 *
 * <p>A private key file that the group or others may access is refused, as OpenSSH does: a key that
 * others could have read must be treated as leaked.
 */
public final class Pem {
    /** Upper bound for a PEM file we read: keys and certificate chains are a few KiB. */
    static final int MAX_FILE = 1 << 20;

    private static final String RSA_OID = "1.2.840.113549.1.1.1";

    private Pem() {}

    /** One PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}...) and decoded bytes. */
    public record Block(String label, byte[] der) {}

    /** Every PEM block in {@code text}, in order. Text outside the blocks is ignored (as OpenSSL does). */
    public static List<Block> blocks(String text) throws IOException {
        List<Block> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", pos);
            if (begin < 0) {
                return out;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new IOException("PEM: unterminated BEGIN line");
            }
            String label = text.substring(begin + 11, labelEnd);
            String endLine = "-----END " + label + "-----";
            int end = text.indexOf(endLine, labelEnd + 5);
            if (end < 0) {
                throw new IOException("PEM: no '" + endLine + "' line");
            }
            String body = text.substring(labelEnd + 5, end);
            if (body.contains(":")) {
                throw new IOException("PEM: encrypted or annotated '" + label + "' blocks are not supported");
            }
            try {
                out.add(new Block(label, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IOException("PEM: bad base64 in '" + label + "' block", e);
            }
            pos = end + endLine.length();
        }
    }

    /** All certificates of a PEM file (a leaf, or a chain leaf first, or a CA bundle). */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        String text = readText(file);
        try {
            List<X509Certificate> certs = parseCertificates(text);
            if (certs.isEmpty()) {
                throw new IOException(file + ": no certificate in this file");
            }
            return certs;
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The certificates in PEM text; an empty list if there are none. */
    public static List<X509Certificate> parseCertificates(String text) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (b.label().equals("CERTIFICATE") || b.label().equals("X509 CERTIFICATE")) {
                out.add(certificate(b.der()));
            }
        }
        return out;
    }

    /** One certificate from DER bytes. */
    public static X509Certificate certificate(byte[] der) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new IOException("not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The certificate as OpenSSL prints it (64-column base64, LF line ends, trailing LF); the writing
     * itself is {@link PemWriter}'s.
     */
    public static String toPem(X509Certificate cert) throws IOException {
        try {
            return new String(PemWriter.certificate(cert), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot encode certificate", e);
        }
    }

    /** A PEM block as OpenSSL writes it (through {@link PemWriter}). */
    public static String toPem(String label, byte[] der) {
        return new String(PemWriter.encode(label, der), StandardCharsets.US_ASCII);
    }

    /**
     * Reads the first private key of a PEM file, after checking that only its owner can access it.
     *
     * @throws IOException with a message naming the file and the problem
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        checkPrivate(file);
        String text = readText(file);
        try {
            return parsePrivateKey(text);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The first private key in PEM text (PKCS#8, SEC1 EC or PKCS#1 RSA). */
    public static PrivateKey parsePrivateKey(String text) throws IOException {
        for (Block b : blocks(text)) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der());
                case "EC PRIVATE KEY":
                    return pkcs8(PemDer.sec1ToPkcs8(b.der()));
                case "RSA PRIVATE KEY":
                    return pkcs8(PemDer.wrapPkcs8(PemDer.algorithmIdentifier(RSA_OID, true), b.der()));
                case "ENCRYPTED PRIVATE KEY":
                    throw new IOException("encrypted private keys are not supported");
                default:
                    // a certificate or parameters block in the same file: keep looking
            }
        }
        throw new IOException("no private key in this file");
    }

    /** A PKCS#8 PrivateKeyInfo: the algorithm OID picks the JDK KeyFactory. */
    static PrivateKey pkcs8(byte[] der) throws IOException {
        String oid = PemDer.pkcs8AlgorithmOid(der);
        String alg = switch (oid) {
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.113" -> "Ed448";
            case "1.2.840.10045.2.1" -> "EC";
            case RSA_OID -> "RSA";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
            default -> throw new IOException("unsupported private key algorithm " + oid);
        };
        try {
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("invalid " + alg + " private key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Refuses a key file that the group or others may read, write or execute. Symbolic links are
     * followed (the permissions of the key itself count). Non-POSIX file systems are not checked.
     */
    public static void checkPrivate(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        }
        Set<PosixFilePermission> open = EnumSet.of(PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        open.retainAll(perms);
        if (!open.isEmpty()) {
            throw new IOException(file + ": private key file is accessible by group or others (mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                    + "); refusing to use it, run: chmod 600 " + file);
        }
    }

    private static String readText(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        if (Files.size(file) > MAX_FILE) {
            throw new IOException(file + ": too large for a PEM key or certificate file");
        }
        byte[] raw = Files.readAllBytes(file);
        try {
            return new String(raw, StandardCharsets.ISO_8859_1);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
