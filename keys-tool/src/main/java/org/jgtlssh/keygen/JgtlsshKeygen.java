package org.jgtlssh.keygen;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.KeyAlgorithm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jgtlssh-keygen}: makes and manages gtlssh keys, certificates and trust directories, file for
 * file interchangeable with gensio's {@code gtlssh-keygen}.
 *
 * <p>As with gtlssh-keygen, the global options come before the command:
 * {@code jgtlssh-keygen [--keydays N] [--algorithm A] ... keygen -p 852 myhost}.
 */
@Command(
        name = "jgtlssh-keygen",
        mixinStandardHelpOptions = true,
        versionProvider = JgtlsshKeygen.Version.class,
        description = "Key handling tool for jgtlssh (compatible with gtlssh-keygen).",
        footer = {"",
            "Options go before the command.",
            "pushcert and enroll log in with $JGTLSSH_CLIENT if set, else with bin/jgtlssh",
            "beside this tool, else with jgtlssh on the PATH (gensio's gtlssh works too).",
            "Exit status: 0 done, 1 refused or failed, 2 usage error."},
        subcommands = {
            KeygenCommand.class,
            SetupCommand.class,
            RehashCommand.class,
            AddallowCommand.class,
            PushcertCommand.class,
            EnrollCommand.class,
            ServerkeyCommand.class,
            FingerprintCommand.class,
            ListCommand.class
        })
public final class JgtlsshKeygen implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--keysize", paramLabel = "BITS",
            description = "Key size: rsa (default 2048), ec 256|384|521 (default 256); not for ed25519.")
    Integer keySize;

    @Option(names = "--keydays", paramLabel = "DAYS", defaultValue = "365",
            description = "Days the certificate is valid (default ${DEFAULT-VALUE}).")
    int keyDays;

    @Option(names = "--basedir", paramLabel = "DIR", description = "Where keys are kept (default ~/.gtlssh).")
    Path baseDir;

    @Option(names = "--keydir", paramLabel = "DIR",
            description = "Where per-host keys go (default <basedir>/keycerts; /etc/gtlssh for serverkey).")
    Path keyDir;

    @Option(names = "--commonname", paramLabel = "CN",
            description = "Common name in the certificate (default: user name; host name for serverkey).")
    String commonName;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "ed25519",
            description = "Key algorithm: ed25519 (default), ec or rsa.")
    String algorithm;

    @Option(names = {"-f", "--force"}, description = "Do not ask: answer yes (may replace files; old ones are kept as .1).")
    boolean force;

    final KeygenEnvironment env;
    private BufferedReader stdin;

    JgtlsshKeygen(KeygenEnvironment env) {
        this.env = env;
    }

    /** No command: the same message as gtlssh-keygen. */
    @Override
    public Integer call() {
        throw new ExitCodes.Failure(ExitCodes.USAGE, "No command given, use --help for help");
    }

    public static void main(String[] args) {
        System.exit(commandLine(KeygenEnvironment.system()).execute(args));
    }

    /** The configured command tree (tests call {@code execute()} on it with their own environment). */
    static CommandLine commandLine(KeygenEnvironment env) {
        CommandLine cl = new CommandLine(new JgtlsshKeygen(env));
        cl.setExecutionExceptionHandler(ExitCodes.handler());
        cl.setOverwrittenOptionsAllowed(true); // keygen/pushcert: "-p P1 h1 -p P2 h2"
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    // ---- settings resolved once, for the subcommands ----

    GtlsshDir gtlsshDir() {
        return new GtlsshDir(baseDir != null ? baseDir : env.home().resolve(GtlsshDir.DIR_NAME));
    }

    /** {@code --keydir}, else {@code <basedir>/keycerts}. */
    Path clientKeyDir() {
        return keyDir != null ? keyDir.toAbsolutePath().normalize() : gtlsshDir().keycerts();
    }

    KeyAlgorithm keyAlgorithm() {
        return KeyAlgorithm.parse(algorithm);
    }

    int resolvedKeySize() {
        return keyAlgorithm().resolveKeySize(keySize == null ? OptionalInt.empty() : OptionalInt.of(keySize));
    }

    int keyDays() {
        if (keyDays < 1 || keyDays > 36500) {
            throw new IllegalArgumentException("Invalid keydays " + keyDays + " (1 to 36500)");
        }
        return keyDays;
    }

    /** The shared stdin reader (answers and {@code addallow -i} data come from the same stream). */
    BufferedReader stdin() {
        if (stdin == null) {
            // Bounded: answers and one certificate are all this tool ever reads from stdin.
            stdin = new BufferedReader(new InputStreamReader(
                    new BoundedInput(env.stdin(), 64 * 1024), StandardCharsets.UTF_8));
        }
        return stdin;
    }

    Prompter prompter(CommandLine cmd) {
        return new Prompter(stdin(), cmd.getOut(), force);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JgtlsshKeygen.class.getPackage().getImplementationVersion();
            return new String[] {"jgtlssh-keygen " + (v != null ? v : "0.1.0-SNAPSHOT")
                    + " (compatible with gtlssh-keygen 2.6.2)"};
        }
    }
}
