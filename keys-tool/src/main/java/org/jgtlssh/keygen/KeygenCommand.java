package org.jgtlssh.keygen;

import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code keygen [-p PORT] [HOST] [[-p PORT] HOST ...]}: the default key pair, or one per destination in
 * {@code <keydir>/<HOST>[,<PORT>].key/.crt}. A {@code -p} applies to the hosts after it; {@code -p ''}
 * clears it (gtlssh-keygen's is broken, see keys-and-trust.md §9).
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate the default key, or keys for the given hosts (-p applies to the hosts after it).")
final class KeygenCommand implements Callable<Integer> {
    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    private String currentPort;
    private final List<String[]> destinations = new ArrayList<>();

    @Option(names = "-p", paramLabel = "PORT", description = "Port for the following hosts ('' clears it).")
    void port(String p) {
        currentPort = p.isEmpty() ? null : p;
    }

    @Parameters(index = "0..*", paramLabel = "HOST", arity = "0..*", description = "Destination host names.")
    void host(String h) {
        destinations.add(new String[] {h, currentPort});
    }

    @Override
    public Integer call() throws Exception {
        Prompter prompter = top.prompter(spec.commandLine());
        // Validate everything before touching the disk.
        List<String> names = new ArrayList<>();
        for (String[] d : destinations) {
            int port = d[1] == null ? 0 : SafeNames.port(d[1]);
            names.add(GtlsshDir.destinationName(d[0], port));
        }
        KeyPairFiles.Spec keySpec = new KeyPairFiles.Spec(top.keyAlgorithm(), top.resolvedKeySize(),
                top.commonName != null ? top.commonName : top.env.userName(), top.keyDays());
        GtlsshDir dir = top.gtlsshDir();
        if (top.keyDir == null) {
            BaseDirectory.ensure(dir, prompter);
        } else {
            BaseDirectory.ensureKeyDir(top.clientKeyDir());
        }
        if (names.isEmpty()) {
            make(dir.defaultKey(), dir.defaultCert(), keySpec, prompter, "Not generating key for default");
        }
        for (String name : names) {
            Path keyDir = top.clientKeyDir();
            make(keyDir.resolve(name + ".key"), keyDir.resolve(name + ".crt"), keySpec, prompter,
                    "Not generating key for " + name);
        }
        return ExitCodes.OK;
    }

    private void make(Path key, Path crt, KeyPairFiles.Spec keySpec, Prompter prompter, String declined)
            throws Exception {
        KeyPairFiles.create(key, crt, keySpec, prompter, top.env.clock(), declined);
        var out = spec.commandLine().getOut();
        out.println("Key created at " + key + ".");
        out.println("Certificate created.  Put " + crt + " into:");
        out.println("  .gtlssh/allowed_certs");
        out.println("on remote systems you want to log into without a password.");
        out.flush();
    }
}
