package org.jgtlssh.keygen;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.jgtlssh.keys.Fingerprints;
import org.jgtlssh.keys.HashedDirectory;
import org.jgtlssh.keys.SafeNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code fingerprint FILE}: a certificate's subject, SHA-256 fingerprint and the SHA-1 form gtlssh shows
 * at its "Add this certificate?" prompt, to compare with what a server's owner reads out.
 */
@Command(name = "fingerprint", mixinStandardHelpOptions = true,
        description = "Print a certificate's subject, expiry and SHA-256 and SHA-1 (gtlssh's form) fingerprints.")
final class FingerprintCommand implements Callable<Integer> {
    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A certificate (PEM or DER).")
    Path file;

    @Override
    public Integer call() throws Exception {
        X509Certificate cert;
        try {
            cert = HashedDirectory.load(file);
        } catch (java.security.cert.CertificateException e) {
            throw new ExitCodes.Failure(file + " is not a certificate: " + SafeNames.printable(String.valueOf(e.getMessage())));
        }
        var out = spec.commandLine().getOut();
        out.println("Subject: " + Subjects.display(cert));
        out.println("Expires: " + cert.getNotAfter().toInstant()
                + (cert.getNotAfter().toInstant().isBefore(top.env.clock().instant()) ? " (EXPIRED)" : ""));
        out.println("SHA256 Fingerprint=" + Fingerprints.sha256(cert));
        out.println("SHA1 Fingerprint=" + Fingerprints.sha1(cert));
        out.flush();
        return ExitCodes.OK;
    }
}
