package org.jgtlssh.keygen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jgtlssh.keys.SafeNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code serverkey [NAME]}: the server's key pair {@code <confdir>/<NAME>.key/.crt} (confdir
 * {@code /etc/gtlssh} or {@code --keydir}). The common name is the host name for the default NAME and
 * {@code <NAME>.<host name>} for others, as gensio after 2.6.2 does, so that two servers on one machine
 * (e.g. gtlsshd and ser2net) do not get certificates with the same subject.
 */
@Command(name = "serverkey", mixinStandardHelpOptions = true,
        description = "Create a server key and certificate in /etc/gtlssh (or --keydir).")
final class ServerkeyCommand implements Callable<Integer> {
    static final String DEFAULT_NAME = "gtlsshd";
    static final Path SYSTEM_DIR = Path.of("/etc/gtlssh");

    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", defaultValue = DEFAULT_NAME,
            description = "Base name of the files (default ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        SafeNames.check("server key name", name);
        String cn = top.commonName != null
                ? top.commonName
                : name.equals(DEFAULT_NAME) ? top.env.hostName() : name + "." + top.env.hostName();
        KeyPairFiles.Spec keySpec = new KeyPairFiles.Spec(top.keyAlgorithm(), top.resolvedKeySize(), cn, top.keyDays());
        Path dir = top.keyDir != null ? top.keyDir.toAbsolutePath().normalize() : SYSTEM_DIR;
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir); // 0755 by the umask: the certificate in it is public
        }
        Path key = dir.resolve(name + ".key");
        Path crt = dir.resolve(name + ".crt");
        KeyPairFiles.create(key, crt, keySpec, top.prompter(spec.commandLine()), top.env.clock(),
                "Not generating server key");
        var out = spec.commandLine().getOut();
        out.println("Key created at " + key + ".");
        out.println("Server certificate " + crt + " created.");
        out.flush();
        return ExitCodes.OK;
    }
}
