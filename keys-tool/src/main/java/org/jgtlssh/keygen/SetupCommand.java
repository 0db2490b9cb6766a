package org.jgtlssh.keygen;

import java.util.concurrent.Callable;
import org.jgtlssh.keys.GtlsshDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code setup}: create {@code ~/.gtlssh} with its sub-directories (0700) and the default key pair. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Create the ~/.gtlssh directories and the default key and certificate.")
final class SetupCommand implements Callable<Integer> {
    @ParentCommand
    JgtlsshKeygen top;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Prompter prompter = top.prompter(spec.commandLine());
        KeyPairFiles.Spec keySpec = new KeyPairFiles.Spec(top.keyAlgorithm(), top.resolvedKeySize(),
                top.commonName != null ? top.commonName : top.env.userName(), top.keyDays());
        GtlsshDir dir = top.gtlsshDir();
        BaseDirectory.ensure(dir, prompter);
        KeyPairFiles.create(dir.defaultKey(), dir.defaultCert(), keySpec, prompter, top.env.clock(),
                "Not generating key for default");
        var out = spec.commandLine().getOut();
        out.println("Key created at " + dir.defaultKey() + ".");
        out.println("Certificate created.  Put " + dir.defaultCert() + " into:");
        out.println("  .gtlssh/allowed_certs");
        out.println("on remote systems you want to log into without a password.");
        out.flush();
        return ExitCodes.OK;
    }
}
