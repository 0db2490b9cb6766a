package org.jgtlssh.keygen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.HashedDirectory;
import org.jgtlssh.keys.SafeNames;

/**
 * What {@code pushcert} and {@code enroll} share: find the certificate to send and the old credentials
 * to log in with, then run {@code <client> [-i OLD.key.1 --certname OLD.crt.1] [-p PORT] HOST
 * <remote keygen> -f addallow -i NAME} with the certificate on stdin.
 */
final class CertificatePush {
    /** A login may wait for a password typed at the terminal. */
    static final Duration PUSH_TIMEOUT = Duration.ofMinutes(5);

    private CertificatePush() {}

    /** A destination as typed: optional {@code user@}, host, optional port. */
    record Destination(String login, String host, String port) {
        static Destination of(String typed, String port) {
            int at = typed.lastIndexOf('@');
            String host = at >= 0 ? typed.substring(at + 1) : typed;
            SafeNames.check("host name", host);
            if (at >= 0) {
                SafeNames.check("user name", typed.substring(0, at));
            }
            if (port != null) {
                SafeNames.port(port);
            }
            return new Destination(at >= 0 ? typed.substring(0, at) : null, host, port);
        }

        String typed() {
            return login != null ? login + "@" + host : host;
        }

        String fileName() {
            return GtlsshDir.destinationName(host, port == null ? 0 : Integer.parseInt(port));
        }
    }

    /** The certificate for a destination and the credentials to log in with. */
    record Plan(Destination dest, Path cert, Path key, Path oldCert, Path oldKey) {}

    static Plan plan(JgtlsshKeygen top, Destination d, PrintWriter out) throws IOException {
        GtlsshDir dir = top.gtlsshDir();
        Path keyDir = top.clientKeyDir();
        Path cert = keyDir.resolve(d.fileName() + ".crt");
        Path key = keyDir.resolve(d.fileName() + ".key");
        if (!Files.isRegularFile(cert)) {
            cert = dir.defaultCert();
            key = dir.defaultKey();
        }
        if (!Files.isRegularFile(cert)) {
            throw new ExitCodes.Failure("No certificate for " + d.fileName() + ": run keygen first");
        }
        try {
            HashedDirectory.load(cert);
        } catch (java.security.cert.CertificateException e) {
            throw new ExitCodes.Failure(cert + " is not a certificate: " + e.getMessage());
        }
        Path oldCert = keyDir.resolve(d.fileName() + ".crt.1");
        Path oldKey = keyDir.resolve(d.fileName() + ".key.1");
        if (!Files.isRegularFile(oldCert) || !Files.isRegularFile(oldKey)) {
            oldCert = dir.base().resolve(GtlsshDir.DEFAULT_CERT + ".1");
            oldKey = dir.base().resolve(GtlsshDir.DEFAULT_KEY + ".1");
        }
        if (!Files.isRegularFile(oldCert) || !Files.isRegularFile(oldKey)) {
            out.println("Could not find an old certificate for " + d.fileName() + ".");
            out.println("Just trying to send it without old credentials.");
            oldCert = null;
            oldKey = null;
        } else {
            GtlsshDir.checkPrivateKeyFile(oldKey);
        }
        return new Plan(d, cert, key, oldCert, oldKey);
    }

    /** Runs the client to install {@code plan.cert()} remotely as {@code name}. */
    static ClientRunner.Result push(JgtlsshKeygen top, Plan plan, String name, List<String> remoteKeygen)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(top.env.client());
        if (plan.oldKey() != null) {
            cmd.addAll(List.of("-i", plan.oldKey().toString(), "--certname", plan.oldCert().toString()));
        }
        if (plan.dest().port() != null) {
            cmd.addAll(List.of("-p", plan.dest().port()));
        }
        cmd.add(plan.dest().typed());
        cmd.addAll(remoteKeygen);
        cmd.addAll(List.of("-f", "addallow", "-i", name));
        byte[] pem = Files.readAllBytes(plan.cert());
        return ClientRunner.run(cmd, top.env.home(), pem, PUSH_TIMEOUT);
    }
}
