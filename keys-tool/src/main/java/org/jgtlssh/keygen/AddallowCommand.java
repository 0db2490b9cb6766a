package org.jgtlssh.keygen;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.jgtlssh.keys.Fingerprints;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.SafeNames;
import org.jgtlssh.keys.SecureFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code addallow [-i] NAME [FILE]}: install a client certificate as {@code allowed_certs/NAME.crt} and
 * rehash, so its owner can log in as this user. The data must be a certificate (gtlssh-keygen copies
 * anything, and a bad file then breaks the next rehash); a replaced file is kept as {@code NAME.crt.1}
 * (gtlssh-keygen deletes it).
 */
@Command(name = "addallow", mixinStandardHelpOptions = true,
        description = "Allow the certificate in FILE (or on stdin with -i) to log in as this user.")
final class AddallowCommand implements Callable<Integer> {
    /** More than any certificate gtlssh-keygen makes (an RSA-16384 one is under 6 KiB). */
    static final int MAX_INPUT = 32 * 1024;

    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    @Option(names = "-i", description = "Read the certificate from stdin (up to its END CERTIFICATE line).")
    boolean fromStdin;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name for the certificate (file NAME.crt).")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The certificate (PEM).")
    Path file;

    @Override
    public Integer call() throws Exception {
        SafeNames.check("name", name);
        if (!fromStdin && file == null) {
            throw new ExitCodes.Failure(ExitCodes.USAGE, "Missing certificate file for addallow, see help");
        }
        byte[] pem = fromStdin ? readPem(top.stdin()) : readPem(file);
        X509Certificate cert = parse(pem);

        Prompter prompter = top.prompter(spec.commandLine());
        GtlsshDir dir = top.gtlsshDir();
        BaseDirectory.ensure(dir, prompter);
        Path target = dir.allowedCerts().resolve(name + ".crt");
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists) {
            if (!prompter.ask("File " + target + " already exists, do you want to overwrite it?")) {
                throw new ExitCodes.Failure("Not replacing " + target);
            }
            SecureFiles.backup(target); // NAME.crt.1: not *.crt, so no longer allowed, but not lost
        }
        SecureFiles.createNew(target, pem, SecureFiles.PUBLIC_FILE);
        RehashCommand.rehashQuietly(dir.allowedCerts(), top.env.clock());
        var out = spec.commandLine().getOut();
        out.println("Allowed " + Subjects.display(cert) + " as " + target);
        out.println("SHA256 fingerprint " + Fingerprints.sha256(cert));
        out.flush();
        return ExitCodes.OK;
    }

    private static byte[] readPem(Path f) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new BoundedInput(Files.newInputStream(f), MAX_INPUT), StandardCharsets.UTF_8))) {
            return readPem(r);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ExitCodes.Failure("Unable to open " + f);
        }
    }

    /**
     * The certificate text as gtlssh-keygen copies it: lines up to and including
     * {@code -----END CERTIFICATE-----}, trailing white space removed, each ended by one LF. Reading stops
     * there (pushcert keeps the connection open behind it) and is bounded.
     */
    static byte[] readPem(BufferedReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        String line;
        boolean end = false;
        while ((line = r.readLine()) != null) {
            sb.append(line.stripTrailing()).append('\n');
            if (line.startsWith("-----END CERTIFICATE-----")) {
                end = true;
                break;
            }
        }
        if (!end) {
            throw new ExitCodes.Failure("No complete certificate (-----END CERTIFICATE-----) in the input");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static X509Certificate parse(byte[] pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException | RuntimeException e) {
            throw new ExitCodes.Failure("The input is not a certificate: " + SafeNames.printable(
                    String.valueOf(e.getMessage())));
        }
    }
}
