package org.jgtlssh.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jgtlssh.client.ClientConfig.Key;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jgtlssh [options] [user@]host [program [args...]]}: gtlssh's command line plus what ssh users
 * expect ({@code -t}/{@code -T}, {@code -o}, {@code -F}, {@code --}). Options end at the host: every word
 * after it belongs to the remote program.
 */
@Command(name = "jgtlssh", sortOptions = false, versionProvider = Jgtlssh.Version.class,
        description = "Secure remote shell, compatible with gensio's gtlssh/gtlsshd.",
        footer = {"", "Exit status: the remote program's status when the server reports it (jgtlsshd),",
            "0 when it cannot (gensio's gtlsshd), 255 for connection, trust or authentication failures."})
public final class Jgtlssh implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default 852).")
    Integer port;

    @Option(names = {"-i", "--keyfile", "--keyname"}, paramLabel = "KEY",
            description = "Private key; the certificate defaults to KEY with .crt.")
    Path keyfile;

    @Option(names = {"--certfile", "--certname"}, paramLabel = "CRT", description = "Certificate for -i.")
    Path certfile;

    @Option(names = {"--cadir", "--caname"}, paramLabel = "DIR",
            description = "Trusted server certificates (default ~/.gtlssh/server_certs).")
    Path cadir;

    @Option(names = {"-e", "--escchar"}, paramLabel = "CHAR",
            description = "Escape character: ^X, a number, or -1 for none (default ^\\ on a terminal).")
    String escchar;

    @Option(names = "--transport", paramLabel = "STACK",
            description = "Stack below ssl instead of tcp, e.g. relpkt,msgdelim,serialdev,/dev/ttyUSB0,115200n81.")
    String transport;

    @Option(names = {"-r", "--telnet"},
            description = "Telnet with RFC 2217 over the session (a ser2net port at the far end); "
                    + "enables the serial escape keys.")
    boolean telnet;

    @Option(names = "-L", paramLabel = "[BIND:]PORT:HOST:PORT", description = "Local forwarding (tcp or /unix/path).")
    List<String> local = new ArrayList<>();

    @Option(names = "-R", paramLabel = "[BIND:]PORT:HOST:PORT", description = "Remote forwarding (tcp or /unix/path).")
    List<String> remote = new ArrayList<>();

    @Option(names = "-4", description = "IPv4 only.")
    boolean ipv4;

    @Option(names = "-6", description = "IPv6 only.")
    boolean ipv6;

    @Option(names = "--nomux", description = "No mux layer (no forwarding, no extensions).")
    boolean nomux;

    @Option(names = "--nointeractive", description = "Never prompt (trust, passwords); tell the server too.")
    boolean nointeractive;

    @Option(names = "-t", description = "Force interactive terminal handling (raw mode, escapes).")
    boolean forceTty;

    @Option(names = "-T", description = "No interactive terminal handling even on a terminal.")
    boolean noTty;

    @Option(names = "-o", paramLabel = "KEY=VALUE", description = "A config-file setting (port, user, keyfile, ...).")
    List<String> settings = new ArrayList<>();

    @Option(names = "-F", paramLabel = "FILE", description = "Config file (default ~/.gtlssh/config).")
    Path configFile;

    @Option(names = {"-d", "--debug"}, description = "More diagnostics on stderr (repeatable).")
    boolean[] debug = new boolean[0];

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "[USER@]HOST", description = "Where to log in.")
    String destination;

    @Parameters(index = "1..*", paramLabel = "PROGRAM", description = "Remote program and its arguments.")
    List<String> command = new ArrayList<>();

    /** What the outside world looks like: injectable so option resolution is testable. */
    public record Environment(Path home, String localUser, Map<String, String> env, boolean stdinIsTty) {
        static Environment current() {
            // $HOME first, as gtlssh does (user.home comes from the passwd entry).
            String home = System.getenv("HOME");
            return new Environment(Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home")),
                    System.getProperty("user.name"), System.getenv(), Tty.stdinIsTerminal());
        }
    }

    private Environment environment = null;

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        // Start-up and exit cost matter for a command-line client: run the JVM with
        // -XX:UserThreadWaitAttemptsAtExit=0, or exit waits 300 ms for threads blocked in reads (stdin,
        // the socket poller) that we no longer need.
        System.exit(code);
    }

    /** Parses and runs; returns the exit status. Never writes to {@code out} except help and version. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(new Jgtlssh(), out, err);
        return cl.execute(args);
    }

    static CommandLine commandLine(Jgtlssh app, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(app);
        cl.setStopAtPositional(true); // everything after the host belongs to the remote program
        cl.setUnmatchedOptionsArePositionalParams(false);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("jgtlssh: " + TerminalSafe.strip(String.valueOf(ex.getMessage())));
            return ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("jgtlssh: " + TerminalSafe.strip(ex.getMessage()));
            c.getErr().println("Try 'jgtlssh --help' for more information.");
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        ClientOptions o;
        try {
            o = resolve(environment != null ? environment : Environment.current());
        } catch (IllegalArgumentException e) {
            System.err.println("jgtlssh: " + TerminalSafe.strip(e.getMessage()));
            return ExitCodes.FAILURE;
        }
        return new Session(o).run();
    }

    /** Parses args into options without connecting (for tests). */
    static ClientOptions parse(Environment env, String... args) {
        Jgtlssh app = new Jgtlssh();
        new CommandLine(app).setStopAtPositional(true).parseArgs(args);
        return app.resolve(env);
    }

    /** Merges command line, -o, config file and environment into one record. */
    ClientOptions resolve(Environment env) {
        String dest = destination;
        String user = null;
        int at = dest.lastIndexOf('@');
        if (at >= 0) {
            user = dest.substring(0, at);
            dest = dest.substring(at + 1);
            if (user.isEmpty()) {
                throw new IllegalArgumentException("empty user name in '" + TerminalSafe.oneLine(destination) + "'");
            }
        }
        if (dest.isEmpty()) {
            throw new IllegalArgumentException("No string given to connect to");
        }
        Path gtlsshDir = env.home().resolve(".gtlssh");
        Map<Key, String> o = ClientConfig.parseOptions(settings);
        ClientConfig cfg;
        try {
            cfg = ClientConfig.load(configFile != null ? configFile : gtlsshDir.resolve("config"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config file: " + e.getMessage());
        }
        cfg.forHost(dest).forEach(o::putIfAbsent);

        if (user == null) {
            user = o.getOrDefault(Key.USER, env.localUser());
        }
        checkUser(user);
        int p = port != null ? checkPort(port) : o.containsKey(Key.PORT)
                ? ClientConfig.parsePort(o.get(Key.PORT)) : ClientOptions.DEFAULT_PORT;
        Path key = keyfile != null ? keyfile
                : o.containsKey(Key.KEYFILE) ? ClientConfig.expandHome(o.get(Key.KEYFILE), env.home()) : null;
        Path cert = certfile != null ? certfile
                : o.containsKey(Key.CERTFILE) ? ClientConfig.expandHome(o.get(Key.CERTFILE), env.home()) : null;
        Path ca = cadir != null ? cadir
                : o.containsKey(Key.CADIR) ? ClientConfig.expandHome(o.get(Key.CADIR), env.home())
                : gtlsshDir.resolve("server_certs");
        String tr = transport != null ? transport : o.get(Key.TRANSPORT);
        if (ipv4 && ipv6) {
            throw new IllegalArgumentException("-4 and -6 cannot be used together");
        }
        if (forceTty && noTty) {
            throw new IllegalArgumentException("-t and -T cannot be used together");
        }
        boolean mux = !(nomux || (o.containsKey(Key.NOMUX) && ClientConfig.parseBoolean(o.get(Key.NOMUX))));
        boolean noPrompt = nointeractive
                || (o.containsKey(Key.NOINTERACTIVE) && ClientConfig.parseBoolean(o.get(Key.NOINTERACTIVE)));
        boolean interactive = forceTty ? env.stdinIsTty() : !noTty && env.stdinIsTty() && command.isEmpty();
        if (forceTty && !env.stdinIsTty()) {
            throw new IllegalArgumentException("-t needs standard input to be a terminal");
        }
        int esc;
        String e = escchar != null ? escchar : o.get(Key.ESCCHAR);
        if (e != null) {
            esc = EscapeMachine.parse(e);
        } else {
            esc = interactive ? EscapeMachine.DEFAULT_ESCAPE : EscapeMachine.DISABLED;
        }
        if (!interactive) {
            esc = EscapeMachine.DISABLED; // bytes from a pipe or file are data, never commands
        }
        List<ForwardSpec> l = local.stream().map(ForwardSpec::parse).toList();
        List<ForwardSpec> r = remote.stream().map(ForwardSpec::parse).toList();
        if (!mux && (!l.isEmpty() || !r.isEmpty())) {
            throw new IllegalArgumentException("-L and -R need the mux layer (drop --nomux)");
        }
        String connectHost = o.getOrDefault(Key.HOSTNAME, dest);
        return new ClientOptions(user, dest, connectHost, p, key, cert, gtlsshDir, ca, esc, tr,
                ipv4 ? "ipv4" : ipv6 ? "ipv6" : null, mux, interactive, !noPrompt, debug.length, command,
                env.env().get("TERM"), l, r, telnet);
    }

    private static int checkPort(int p) {
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port out of range: " + p);
        }
        return p;
    }

    /** The user name goes to the server and into a stack string: no controls, no separators. */
    static void checkUser(String user) {
        if (user == null || user.isEmpty() || user.length() > 256) {
            throw new IllegalArgumentException("invalid user name");
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new IllegalArgumentException("invalid user name '" + TerminalSafe.oneLine(user) + "'");
            }
        }
    }

    /** {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Jgtlssh.class.getPackage().getImplementationVersion();
            return new String[] {"jgtlssh " + (v != null ? v : "0.1.0-SNAPSHOT")
                    + " (gtlssh protocol of gensio 2.6.2)"};
        }
    }

    void setEnvironment(Environment env) {
        this.environment = env;
    }
}
