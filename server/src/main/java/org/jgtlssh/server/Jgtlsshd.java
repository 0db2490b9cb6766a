package org.jgtlssh.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.gtlssh.Feature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jgtlsshd}: the server. Foreground, logging to stderr (systemd style); one JVM for every
 * connection. Options follow gtlsshd's where they exist ({@code -h} is the key file, as in gtlsshd).
 */
@Command(name = "jgtlsshd", mixinStandardHelpOptions = false, versionProvider = Jgtlsshd.Version.class,
        description = "Server for shell logins over TLS, compatible with gensio's gtlssh.", sortOptions = false)
public final class Jgtlsshd implements Callable<Integer> {
    @Option(names = {"-p", "--port"}, description = "TCP port (default ${DEFAULT-VALUE})", defaultValue = "852")
    int port;

    @Option(names = "-4", description = "IPv4 only")
    boolean ipv4;

    @Option(names = "-6", description = "IPv6 only")
    boolean ipv6;

    @Option(names = "--notcp", description = "no TCP listener (use --other-acc)")
    boolean notcp;

    @Option(names = {"--other-acc", "--other_acc"}, paramLabel = "STACK",
            description = "an extra accepter stack, e.g. 'conacc,relpkt(mode=server),msgdelim,serialdev,/dev/ttyS0,115200n81' (repeatable)")
    List<String> otherAcc = new ArrayList<>();

    @Option(names = {"-h", "--keyfile"}, paramLabel = "FILE", description = "host key (default ${DEFAULT-VALUE})",
            defaultValue = "/etc/gtlssh/gtlsshd.key")
    Path keyFile;

    @Option(names = {"-c", "--certfile"}, paramLabel = "FILE", description = "host certificate (default ${DEFAULT-VALUE})",
            defaultValue = "/etc/gtlssh/gtlsshd.crt")
    Path certFile;

    @Option(names = "--permit-root", description = "allow logins as root")
    boolean permitRoot;

    @Option(names = "--allow-password", description = "allow password logins (PAM) when the certificate is not accepted")
    boolean allowPassword;

    @Option(names = "--do-2fa", description = "also ask for a second factor (checked by PAM with the password)")
    boolean do2fa;

    @Option(names = "--pam-service", paramLabel = "NAME", defaultValue = "jgtlsshd", description = "PAM service (default ${DEFAULT-VALUE})")
    String pamService;

    @Option(names = "--pam-cert-auth", paramLabel = "NAME", description = "with --do-2fa: the PAM service that checks"
            + " the second factor after a certificate login; its first prompt gets the code (default: --pam-service)")
    String pamCertService;

    @Option(names = "--oneshot", description = "serve one connection, then exit")
    boolean oneshot;

    @Option(names = "--nodaemon", description = "accepted for gtlsshd compatibility; jgtlsshd always runs in the foreground")
    boolean nodaemon;

    @Option(names = {"-P", "--pidfile"}, paramLabel = "FILE", description = "write the process id here")
    Path pidFile;

    @Option(names = "--login-grace-time", paramLabel = "SECONDS", defaultValue = "60",
            description = "time to authenticate before the connection is dropped (default ${DEFAULT-VALUE})")
    int loginGrace;

    @Option(names = "--max-startups", paramLabel = "N", defaultValue = "64",
            description = "most unauthenticated connections; the oldest is dropped beyond (default ${DEFAULT-VALUE})")
    int maxStartups;

    @Option(names = "--max-startups-per-source", paramLabel = "N", defaultValue = "32",
            description = "most unauthenticated connections per source address (default ${DEFAULT-VALUE})")
    int maxStartupsPerSource;

    @Option(names = "--keepalive", paramLabel = "SECONDS", defaultValue = "0",
            description = "ping jgtlssh clients this often; drop them after 3 silent intervals (0: off)")
    int keepalive;

    @Option(names = "--accept-env", paramLabel = "NAME", description = "also accept this environment variable from jgtlssh clients (repeatable)")
    List<String> acceptEnv = new ArrayList<>();

    @Option(names = "--no-extensions", description = "speak only gensio's protocol, also to jgtlssh clients")
    boolean noExtensions;

    @Option(names = "--allowed-certs", paramLabel = "DIR",
            description = "a personal server: the certificates in DIR may log in as the user running jgtlsshd, and"
                    + " nobody else may log in (the quickstart uses this to leave ~/.gtlssh alone)")
    Path allowedCerts;

    @Option(names = "--no-warm-up", description = "skip the start-up warm-up (one login's work done in memory, so "
            + "that the first real login is as fast as later ones)")
    boolean noWarmup;

    @Option(names = "--warm-up-only", hidden = true, description = "warm up with a throwaway key, then exit "
            + "(the build's AOT cache training run)")
    boolean warmupOnly;

    @Option(names = {"-d", "--debug"}, description = "debug logging")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jgtlsshd 0.1.0 (gtlssh protocol of gensio 2.6.2)"};
        }
    }

    private final PrintStream err;

    Jgtlsshd(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Jgtlsshd(err));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        return cl.execute(args);
    }

    ServerConfig config() {
        Set<Feature> features = noExtensions ? EnumSet.noneOf(Feature.class) : EnumSet.allOf(Feature.class);
        return new ServerConfig(port, ipv4 ? "ipv4" : ipv6 ? "ipv6" : null, !notcp, otherAcc, keyFile, certFile, permitRoot,
                allowPassword, do2fa, pamService, pamCertService, oneshot, pidFile, Duration.ofSeconds(Math.max(1, loginGrace)),
                maxStartups, maxStartupsPerSource, Duration.ofSeconds(Math.max(0, keepalive)),
                new LinkedHashSet<>(acceptEnv), features, allowedCerts == null ? null : allowedCerts.toAbsolutePath(), debug);
    }

    @Override
    public Integer call() throws Exception {
        ServerLog log = new ServerLog(err, debug);
        if (ipv4 && ipv6) {
            err.println("jgtlsshd: -4 and -6 exclude each other");
            return 2;
        }
        if (notcp && otherAcc.isEmpty()) {
            err.println("jgtlsshd: --notcp needs at least one --other-acc");
            return 2;
        }
        if (warmupOnly) {
            return Warmup.training(log);
        }
        ServerConfig c = config();
        int uid = Passwd.effectiveUid();
        String problem = checkKeyFiles(c.keyFile(), c.certFile(), uid);
        if (problem != null) {
            err.println("jgtlsshd: " + problem);
            return 1;
        }
        return new Server(c, log, uid, !noWarmup).run();
    }

    /** gtlsshd's start-up checks, with messages that say how to fix the problem; null when all is well. */
    static String checkKeyFiles(Path key, Path cert, int uid) {
        String make = "create them with: jgtlssh-keygen --keydir " + key.getParent() + " serverkey"
                + " (or gensio's gtlssh-keygen --keydir " + key.getParent() + " serverkey)";
        if (!Files.exists(key) || !Files.exists(cert)) {
            return "host key " + key + " or certificate " + cert + " not found; " + make;
        }
        try {
            if (!Files.isRegularFile(key) || !Files.isRegularFile(cert)) {
                return key + " and " + cert + " must be regular files";
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(key, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE)) {
                if (perms.contains(p)) {
                    return "host key " + key + " is accessible by others; fix it with: chmod 600 " + key;
                }
            }
            int keyOwner = (Integer) Files.getAttribute(key, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int certOwner = (Integer) Files.getAttribute(cert, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (keyOwner != uid || certOwner != uid) {
                return key + " and " + cert + " must be owned by the user running jgtlsshd (uid " + uid + ")";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot examine " + key + ": " + e.getMessage();
        }
        return null;
    }

    /** The running server: accepters, their accept loops, and the shared policies. */
    static final class Server {
        private final ServerConfig c;
        private final ServerLog log;
        private final int uid;
        private final boolean warmup;

        Server(ServerConfig c, ServerLog log, int uid, boolean warmup) {
            this.c = c;
            this.log = log;
            this.uid = uid;
            this.warmup = warmup;
        }

        int run() throws Exception {
            FailurePenalties penalties = FailurePenalties.defaults();
            AuditLog audit = new AuditLog(log);
            PasswordVerifier pam = new PamPasswordVerifier(c.pamService(), log::warn);
            PasswordVerifier certPam = c.pamCertService() == null ? pam
                    : new PamPasswordVerifier(c.pamCertService(), log::warn);
            LoginPolicy policy = new LoginPolicy(new LoginPolicy.Settings(c.permitRoot(), c.allowPassword(), uid),
                    Passwd::lookup, pam, certPam, penalties, audit);
            SessionDispatcher dispatcher = new SessionDispatcher(new SessionDispatcher.Settings(c.features(),
                    new EnvironmentPolicy(c.acceptEnv()), c.keepalive(), uid == 0), log);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("jgtlsshd-timers").factory());
            ConnectionHandler handler = new ConnectionHandler(c, policy, pam, new StartupLimiter(c.maxStartups(),
                    c.maxStartupsPerSource()), penalties, dispatcher, log, timers);

            if (warmup) {
                // before listening: a client that connects as soon as we listen gets a warm server
                log.debug("warmed up in " + Warmup.run(c, log) + " ms");
            }
            List<Accepter> accepters = new ArrayList<>();
            try {
                if (c.tcp()) {
                    String fam = c.ipFamily() == null ? "" : c.ipFamily().equals("ipv4") ? "ipv4,0.0.0.0," : "ipv6,::,";
                    accepters.add(open("tcp(readbuf=20000)," + fam + c.port()));
                }
                for (String s : c.otherAccepters()) {
                    accepters.add(open(s));
                }
            } catch (IOException e) {
                log.info("cannot listen: " + e.getMessage());
                accepters.forEach(Accepter::close);
                return 1;
            }
            if (c.pidFile() != null) {
                writePidFile(c.pidFile());
            }
            if (uid != 0) {
                log.info("not running as root: only user uid " + uid + " can log in");
            }
            AtomicBoolean done = new AtomicBoolean();
            Object oneshotLock = new Object();
            List<Thread> loops = new ArrayList<>();
            for (Accepter a : accepters) {
                loops.add(Thread.ofVirtual().name("accept-" + a.localAddress()).start(() -> {
                    int failures = 0;
                    while (!done.get()) {
                        Incoming in;
                        try {
                            in = a.accept();
                            failures = 0;
                        } catch (IOException e) {
                            if (done.get()) {
                                return;
                            }
                            // a serial device that went away (conacc): keep trying, it may come back
                            if (failures++ == 0) {
                                log.info("accepter " + a.localAddress() + " failed: " + e.getMessage() + "; retrying");
                            }
                            try {
                                Thread.sleep(Math.min(5000, 500L * failures));
                            } catch (InterruptedException ie) {
                                return;
                            }
                            continue;
                        }
                        if (c.oneshot()) {
                            synchronized (oneshotLock) {
                                if (!done.compareAndSet(false, true)) {
                                    in.abort();
                                    return;
                                }
                            }
                            accepters.forEach(Accepter::close);
                            handler.handle(in, a.localAddress());
                            return;
                        }
                        log.debug("connection from " + ServerLog.clean(in.remoteAddress()));
                        Thread.ofVirtual().name("conn-" + in.remoteAddress()).start(() -> handler.handle(in, a.localAddress()));
                    }
                }));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                done.set(true);
                accepters.forEach(Accepter::close);
                if (c.pidFile() != null) {
                    try {
                        Files.deleteIfExists(c.pidFile());
                    } catch (IOException ignored) {
                        // exiting anyway
                    }
                }
            }));
            for (Accepter a : accepters) {
                log.info("listening on " + a.localAddress());
            }
            for (Thread t : loops) {
                t.join();
            }
            if (c.pidFile() != null) {
                Files.deleteIfExists(c.pidFile());
            }
            return 0;
        }

        private Accepter open(String stack) throws IOException {
            return Gensios.accepter(stack);
        }

        private static void writePidFile(Path p) throws IOException {
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
