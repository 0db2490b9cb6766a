package org.jgtlssh.jgensiot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gensio.stack.StackSpec;
import org.jgtlssh.gensio.telnet.TelnetGensio;
import org.jgtlssh.gensio.stdio.TtyMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jgensiot [-a] [-i STACK] STACK}: joins io1 (default: this process's stdio, raw when stdin is a
 * terminal) to io2 and copies both ways. Command line as gensiot's.
 *
 * <pre>
 *   jgensiot -a tcp,12345                      # netcat: listen
 *   jgensiot tcp,localhost,12345               # netcat: connect
 *   jgensiot -i 'stdio(self)' tcp,host,80      # HTTP by hand; the answer is read to its end
 *   jgensiot -i pty,bash -a tcp,4000           # a shell for whoever connects
 *   jgensiot --server -i 'stdio,cat' -a tcp,7  # an echo server, one cat per connection
 *   jgensiot -i serialdev,/dev/ttyS0,9600n81 -a 'telnet(rfc2217),tcp,2000'   # a remote serial port:
 *                                              # RFC 2217 requests change /dev/ttyS0 itself
 * </pre>
 */
@Command(
        name = "jgensiot",
        mixinStandardHelpOptions = true,
        versionProvider = Jgensiot.Version.class,
        description = "Connect two gensio stacks: io1 (default: this terminal or stdio) and io2.",
        sortOptions = false)
public final class Jgensiot implements Callable<Integer> {
    /** Ctrl-\ : gensiot's default escape character on a terminal. */
    static final int DEFAULT_ESCAPE = 0x1c;

    @Option(names = {"-i", "--input"}, paramLabel = "STACK",
            description = "io1; default stdio(self,raw) when stdin is a terminal, else stdio(self)")
    String input;

    @Option(names = {"-a", "--accepter"}, description = "accept a connection on io2 instead of connecting")
    boolean accepter;

    @Option(names = "--server", description = "with -a: keep accepting; each connection gets its own io1")
    boolean server;

    @Option(names = {"-p", "--printacc"}, description = "print the addresses the accepter listens on")
    boolean printAcc;

    @Option(names = {"-l", "--printlocaddr"}, description = "print io2's local address when it opens")
    boolean printLocal;

    @Option(names = {"-r", "--printremaddr"}, description = "print io2's remote address when it opens")
    boolean printRemote;

    @Option(names = {"-e", "--escchar"}, paramLabel = "CHAR",
            description = "local escape character (number, ^X or -1 to disable); default ^\\ on a terminal")
    String escChar;

    @Option(names = {"-d", "--debug"}, description = "more messages (repeatable)")
    boolean[] debug = new boolean[0];

    @Option(names = {"-v", "--verbose"}, description = "print errors with their causes")
    boolean verbose;

    @Option(names = {"-n", "--extra-threads"}, paramLabel = "N", description = "accepted for gensiot compatibility")
    int extraThreads;

    @Option(names = {"-P", "--pidfile"}, paramLabel = "FILE", description = "write the process id here")
    Path pidfile;

    @Option(names = "--signature", paramLabel = "SIG", description = "accepted for gensiot compatibility (RFC 2217)")
    String signature;

    @Parameters(index = "0", paramLabel = "STACK", description = "io2")
    String io2;

    private final PrintStream err;

    public Jgensiot() {
        this(System.err);
    }

    /** @param err where messages and printed addresses go (tests capture it) */
    Jgensiot(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        int rc = new CommandLine(new Jgensiot()).execute(args);
        System.exit(rc);
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (IOException | RuntimeException e) {
            err.println("jgensiot: " + printable(e.getMessage()));
            if (verbose || debug.length > 0) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    @SuppressWarnings("try") // the accepter is closed early on purpose after its one connection
    private int run() throws IOException {
        if (server && !accepter) {
            throw new IllegalArgumentException("--server needs -a");
        }
        boolean tty = input == null && TtyMode.stdinIsTerminal();
        String io1 = input != null ? input : tty ? "stdio(self,raw)" : "stdio(self)";
        int esc = escChar != null ? EscapeMachine.parse(escChar) : tty ? DEFAULT_ESCAPE : -1;
        // both strings are checked before anything opens, so a typo fails fast and clearly
        StackSpec io1Spec = Gensios.parse(io1);
        Gensios.defaults().validate(io1Spec, false);
        StackSpec io2Spec = Gensios.parse(io2);
        Gensios.defaults().validate(io2Spec, accepter);
        if (pidfile != null) {
            Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
        }
        if (!accepter) {
            Gensio g2 = Gensios.defaults().open(io2Spec, org.jgtlssh.gensio.OpenContext.DEFAULT);
            printAddresses(g2);
            Gensio g1;
            try {
                g1 = Gensios.defaults().open(io1Spec, OpenContext.DEFAULT);
            } catch (IOException | RuntimeException e) {
                g2.abort();
                throw e;
            }
            session(g1, g2, esc, tty);
            return 0;
        }
        // Only io2's terminal listens here; its filters run per connection over a context that holds io1
        // (see accepted()), so a telnet(rfc2217) accepter drives io1's serial port.
        StackSpec terminalOnly = io2Spec.from(io2Spec.layers().size() - 1);
        try (Accepter acc = Gensios.defaults().listen(terminalOnly, org.jgtlssh.gensio.OpenContext.DEFAULT)) {
            if (printAcc) {
                err.println("Address 0(0): " + acc.localAddress());
            }
            if (!server) {
                Incoming in = acc.accept();
                acc.close(); // one connection, as gensiot without --server
                Gensio[] ios = accepted(in, io1Spec, io2Spec);
                printAddresses(ios[1]);
                session(ios[0], ios[1], esc, tty);
                return 0;
            }
            while (true) {
                Incoming in = acc.accept();
                Thread.ofVirtual().start(() -> serve(in, io1Spec, io2Spec));
            }
        }
    }

    /**
     * Opens an accepted connection's terminal, then io1, then io2's filters (server side) with io1 in the
     * context as {@link TelnetGensio#SERIAL_PORT}: RFC 2217 requests from a telnet client change io1's
     * real port (a serialdev), as gensiot does. Returns {io1, io2}; on failure both are closed.
     */
    private static Gensio[] accepted(Incoming in, StackSpec io1Spec, StackSpec io2Spec) throws IOException {
        Gensio raw = in.open();
        Gensio g1;
        try {
            g1 = Gensios.defaults().open(io1Spec, OpenContext.DEFAULT);
        } catch (IOException | RuntimeException e) {
            raw.abort();
            throw e;
        }
        try {
            Gensio g2 = Gensios.defaults().wrapFilters(io2Spec.filters(), raw, Role.SERVER,
                    OpenContext.DEFAULT.with(TelnetGensio.SERIAL_PORT, g1));
            return new Gensio[] {g1, g2};
        } catch (IOException | RuntimeException e) {
            g1.abort();
            throw e;
        }
    }

    private void serve(Incoming in, StackSpec io1Spec, StackSpec io2Spec) {
        try {
            Gensio[] ios = accepted(in, io1Spec, io2Spec);
            printAddresses(ios[1]);
            session(ios[0], ios[1], -1, false);
        } catch (IOException | RuntimeException e) {
            err.println("jgensiot: " + printable(in.remoteAddress() + ": " + e.getMessage()));
        }
    }

    private void session(Gensio g1, Gensio g2, int esc, boolean tty) throws IOException {
        if (tty) {
            followTerminalSize(g2);
        }
        Relay relay = new Relay(g1, g2, esc < 0 ? null : new EscapeMachine(esc), tty);
        if (esc >= 0 && g2.get(Controls.SERIAL_SETTINGS).isPresent()) {
            relay.withSerialKeys(esc); // io2 is a serial port: gensiot's serial escape keys
        }
        relay.run();
    }

    /** Gives io2 (a pty, say) our terminal's size now and after every resize, if io2 takes one. */
    private static void followTerminalSize(Gensio g2) {
        Runnable apply = () -> {
            WindowSize ws = TerminalSize.ofStdin();
            if (ws != null && !g2.isClosed()) {
                try {
                    g2.set(Controls.WINDOW_SIZE, ws);
                } catch (IOException | RuntimeException ignored) {
                    // a resize that cannot be passed on is not worth ending the session for
                }
            }
        };
        apply.run();
        TerminalSize.onResize(apply);
    }

    private void printAddresses(Gensio g) {
        if (printLocal) {
            err.println("Local Address 0(0): " + printable(g.localAddress()));
        }
        if (printRemote) {
            err.println("Remote Address 0(0): " + printable(g.remoteAddress()));
        }
    }

    /**
     * An error text or address as safe terminal output: a message can carry text a peer chose, and
     * control characters (escape sequences, C1 codes) from it must not reach the user's terminal.
     */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Jgensiot.class.getPackage().getImplementationVersion();
            return new String[] {"jgensiot " + (v == null ? "development build" : v)};
        }
    }
}
