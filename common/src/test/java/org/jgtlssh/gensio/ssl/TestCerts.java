package org.jgtlssh.gensio.ssl;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jgtlssh.keys.Pem;
import org.jgtlssh.testutil.TestPaths;

/**
 * Test identities: the throwaway keys of {@code vectors/certauth-test-keys.txt} (made by the real
 * gtlssh-keygen) and certificates made here (expired ones, CA-issued ones), written as PEM files the way
 * OpenSSL writes them (keys 0600).
 */
public final class TestCerts {
    private TestCerts() {}

    /** A key file and its certificate file. */
    public record Identity(Path key, Path cert, X509Certificate certificate) {}

    /** The PEM sections of certauth-test-keys.txt by heading, e.g. "testuser (ed25519)  -- certificate". */
    public static Map<String, String> vectorSections() throws IOException {
        String text = Files.readString(TestPaths.vectors().resolve("certauth-test-keys.txt"), StandardCharsets.US_ASCII);
        Map<String, String> out = new LinkedHashMap<>();
        String heading = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("## ")) {
                if (heading != null) {
                    out.put(heading, body.toString());
                }
                heading = line.substring(3).trim();
                body.setLength(0);
            } else if (heading != null && !line.startsWith("#")) {
                body.append(line).append('\n');
            }
        }
        if (heading != null) {
            out.put(heading, body.toString());
        }
        return out;
    }

    /** Writes the vector identity {@code user} ("testuser", "rsauser", "ecuser", "stranger") into {@code dir}. */
    public static Identity vectorIdentity(Path dir, String user) throws IOException {
        Map<String, String> s = vectorSections();
        String certPem = null;
        String keyPem = null;
        for (var e : s.entrySet()) {
            if (e.getKey().startsWith(user + " ")) {
                if (e.getKey().endsWith("certificate")) {
                    certPem = e.getValue().strip() + "\n";
                } else if (e.getKey().endsWith("private key")) {
                    keyPem = e.getValue().strip() + "\n";
                }
            }
        }
        if (certPem == null || keyPem == null) {
            throw new IOException("no identity " + user + " in certauth-test-keys.txt");
        }
        return write(dir, user, keyPem, certPem);
    }

    public static Identity write(Path dir, String name, String keyPem, String certPem) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".crt");
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, keyPem, StandardCharsets.US_ASCII);
        Files.writeString(cert, certPem, StandardCharsets.US_ASCII);
        return new Identity(key, cert, Pem.parseCertificates(certPem).getFirst());
    }

    public static KeyPair keyPair(String alg) throws Exception {
        return switch (alg) {
            case "ed25519" -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            case "ec" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                yield g.generateKeyPair();
            }
            case "rsa" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                yield g.generateKeyPair();
            }
            default -> throw new IllegalArgumentException(alg);
        };
    }

    static String sigAlg(KeyPair kp) {
        return switch (kp.getPrivate().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
    }

    /** A self-signed CA:TRUE certificate like gtlssh-keygen makes, valid from {@code from} to {@code to}. */
    public static Identity selfSigned(Path dir, String name, String alg, Instant from, Instant to) throws Exception {
        KeyPair kp = keyPair(alg);
        X509Certificate c = issue(kp, new X500Name("CN=" + name + ",O=gensio,OU=client"), kp,
                new X500Name("CN=" + name + ",O=gensio,OU=client"),
                from, to, true);
        return write(dir, name, Pem.toPem("PRIVATE KEY", kp.getPrivate().getEncoded()), Pem.toPem(c));
    }

    public static Identity selfSigned(Path dir, String name, String alg) throws Exception {
        Instant now = Instant.now();
        return selfSigned(dir, name, alg, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    /** A certificate for a fresh key of {@code alg}, issued by {@code ca}. */
    public static Identity issued(Path dir, String name, String alg, Identity ca) throws Exception {
        KeyPair kp = keyPair(alg);
        KeyPair caKeys = new KeyPair(ca.certificate().getPublicKey(), Pem.readPrivateKey(ca.key()));
        Instant now = Instant.now();
        X509Certificate c = issue(kp, new X500Name("CN=" + name), caKeys,
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), false);
        return write(dir, name, Pem.toPem("PRIVATE KEY", kp.getPrivate().getEncoded()), Pem.toPem(c));
    }

    static X509Certificate issue(KeyPair subject, X500Name subjectDn, KeyPair issuer, X500Name issuerDn, Instant from,
            Instant to, boolean ca) throws Exception {
        var b = new JcaX509v3CertificateBuilder(issuerDn, new BigInteger(64, new SecureRandom()),
                Date.from(from), Date.from(to), subjectDn, subject.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        var signer = new JcaContentSignerBuilder(sigAlg(issuer)).build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }
}
