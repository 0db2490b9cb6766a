package org.jgtlssh.keygen;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.SafeNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code enroll [-n NAME] [-p PORT] HOST}: put this machine's certificate into the remote user's
 * {@code allowed_certs} as {@code pushcert} does, then prove it worked by logging in with the new
 * certificate alone ({@code --nointeractive}, so no password can stand in for it) and running
 * {@code echo <random token>}. The status is 0 only if that token comes back: the real gtlssh exits 0
 * even when the remote command failed, so its status alone proves nothing.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Install this machine's certificate on HOST over a trusted login and verify that it logs in.")
final class EnrollCommand implements Callable<Integer> {
    static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(60);
    static final int ATTEMPTS = 3;

    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    @Option(names = "-n", paramLabel = "NAME", description = "Name for the certificate on the remote side (default: this host's name).")
    String name;

    @Option(names = "-p", paramLabel = "PORT", description = "Port (default 852).")
    String port;

    @Option(names = "--remote-keygen", paramLabel = "CMD", defaultValue = "gtlssh-keygen",
            description = "The key tool to run remotely (default ${DEFAULT-VALUE}).")
    String remoteKeygen;

    @Parameters(index = "0", paramLabel = "HOST", description = "[user@]host")
    String host;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String certName = SafeNames.check("name", name != null ? name : top.env.hostName());
        CertificatePush.Destination d = CertificatePush.Destination.of(host, port != null && !port.isEmpty() ? port : null);
        CertificatePush.Plan plan = CertificatePush.plan(top, d, out);
        GtlsshDir.checkPrivateKeyFile(plan.key());

        List<String> verify = new ArrayList<>(top.env.client());
        verify.addAll(List.of("--nointeractive", "-i", plan.key().toString(), "--certname", plan.cert().toString()));
        if (d.port() != null) {
            verify.addAll(List.of("-p", d.port()));
        }
        verify.add(d.typed());
        // gensio 2.6.2 sometimes loses all output of a remote command that exits at once (gtlssh then
        // exits 0 having shown nothing), and a push can vanish the same way: try the whole thing again
        // before calling it a failure. A push with -f is idempotent (the remote keeps the old file as .1).
        String why = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ClientRunner.Result pushed = CertificatePush.push(top, plan, certName, List.of(remoteKeygen.split(" ")));
            out.print(ClientRunner.sanitize(pushed.out()));
            if (pushed.exitCode() != 0) {
                err.print(ClientRunner.sanitize(pushed.err()));
                why = "the login to send it failed";
                continue;
            }
            String token = "jgtlssh-enroll-" + HexFormat.of().formatHex(randomBytes());
            List<String> cmd = new ArrayList<>(verify);
            cmd.addAll(List.of("echo", token));
            ClientRunner.Result check = ClientRunner.run(cmd, top.env.home(), new byte[0], VERIFY_TIMEOUT);
            if (check.out().contains(token)) {
                why = null;
                break;
            }
            err.print(ClientRunner.sanitize(check.err()));
            why = "a login with it did not work afterwards";
        }
        if (why != null) {
            throw new ExitCodes.Failure("Enrolling " + plan.cert() + " at " + d.typed() + " failed: " + why);
        }
        out.println("Certificate " + plan.cert() + " enrolled at " + d.typed() + " and verified by a login");
        out.flush();
        return ExitCodes.OK;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
