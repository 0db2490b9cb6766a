package org.jgtlssh.keygen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.jgtlssh.keys.KeyAlgorithm;
import org.jgtlssh.keys.PemWriter;
import org.jgtlssh.keys.SecureFiles;
import org.jgtlssh.keys.SelfSignedCertificates;

/**
 * Makes one key pair and its certificate and writes them as {@code <base>.key} (0600) and
 * {@code <base>.crt} (0644), the way {@code keygen}, {@code setup} and {@code serverkey} all need it.
 *
 * <p>Order matters for safety: the key and certificate are made in memory first (a failure leaves the
 * disk untouched); existing files are replaced only after a yes (or {@code --force}), and then the old
 * pair is first renamed to {@code .1}; the new files are created exclusively, so nothing that appeared
 * in the meantime is overwritten.
 */
final class KeyPairFiles {
    private KeyPairFiles() {}

    /** What to make. */
    record Spec(KeyAlgorithm algorithm, int keySize, String commonName, int days) {}

    /**
     * @param declined the message when the user says no to replacing (gtlssh-keygen prints it without a
     *     newline; we end it with one)
     * @return false if the user declined
     */
    static boolean create(Path key, Path cert, Spec spec, Prompter prompter, java.time.Clock clock, String declined)
            throws IOException, GeneralSecurityException {
        KeyPair pair = spec.algorithm().generate(spec.keySize());
        X509Certificate crt = SelfSignedCertificates.create(
                pair, spec.commonName(), spec.days(), clock, new java.security.SecureRandom());
        boolean keyExists = Files.exists(key, LinkOption.NOFOLLOW_LINKS);
        boolean certExists = Files.exists(cert, LinkOption.NOFOLLOW_LINKS);
        if (keyExists || certExists) {
            if (!prompter.ask("Files " + key + " or " + cert + " already exist, do you want to overwrite them?")) {
                throw new ExitCodes.Failure(declined);
            }
            SecureFiles.backup(key);
            SecureFiles.backup(cert);
        }
        byte[] keyPem = PemWriter.privateKey(pair.getPrivate());
        try {
            SecureFiles.createNew(key, keyPem, SecureFiles.PRIVATE_FILE);
        } finally {
            Arrays.fill(keyPem, (byte) 0);
        }
        try {
            SecureFiles.createNew(cert, PemWriter.certificate(crt), SecureFiles.PUBLIC_FILE);
        } catch (IOException e) {
            Files.deleteIfExists(key); // never leave a key without its certificate
            throw e;
        }
        return true;
    }
}
