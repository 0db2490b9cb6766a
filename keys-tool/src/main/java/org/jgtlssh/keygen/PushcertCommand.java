package org.jgtlssh.keygen;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jgtlssh.keys.SafeNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pushcert [-n NAME] [-p PORT] HOST ...}: send the local certificate for each HOST to that host's
 * {@code allowed_certs} over a login with the previous credentials ({@code .1}). Unlike gtlssh-keygen,
 * {@code -n} and {@code -p} work, and the status is 1 if a push failed; {@code enroll} also proves it.
 */
@Command(name = "pushcert", mixinStandardHelpOptions = true,
        description = "Send the local certificate for each host to its allowed_certs, logging in with the old (.1) credentials.")
final class PushcertCommand implements Callable<Integer> {
    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    @Option(names = "-n", paramLabel = "NAME", description = "Name for the certificate on the remote side (default: this host's name).")
    String name;

    @Option(names = "--remote-keygen", paramLabel = "CMD", defaultValue = "gtlssh-keygen",
            description = "The key tool to run remotely (default ${DEFAULT-VALUE}; jgtlssh-keygen takes the same arguments).")
    String remoteKeygen;

    private String currentPort;
    /** (host, port) as typed; validated in {@link #call} so that a bad name gets a plain message. */
    private final List<String[]> typed = new ArrayList<>();

    @Option(names = "-p", paramLabel = "PORT", description = "Port for the following hosts ('' clears it).")
    void port(String p) {
        currentPort = p.isEmpty() ? null : p;
    }

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "HOST", description = "Hosts ([user@]host).")
    void host(String h) {
        typed.add(new String[] {h, currentPort});
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String certName = SafeNames.check("name", name != null ? name : top.env.hostName());
        List<CertificatePush.Destination> destinations = new ArrayList<>();
        for (String[] t : typed) {
            destinations.add(CertificatePush.Destination.of(t[0], t[1]));
        }
        int status = ExitCodes.OK;
        for (CertificatePush.Destination d : destinations) {
            CertificatePush.Plan plan = CertificatePush.plan(top, d, out);
            ClientRunner.Result r = CertificatePush.push(top, plan, certName, List.of(remoteKeygen.split(" ")));
            out.print(ClientRunner.sanitize(r.out()));
            err.print(ClientRunner.sanitize(r.err()));
            if (r.exitCode() == 0) {
                out.println("Certificate " + plan.cert() + " pushed to " + d.typed());
            } else {
                err.println("Error pushing key " + plan.cert() + " to " + d.typed());
                status = ExitCodes.FAILURE;
            }
            out.flush();
            err.flush();
        }
        return status;
    }
}
