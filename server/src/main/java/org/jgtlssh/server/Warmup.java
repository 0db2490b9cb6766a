package org.jgtlssh.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gensio.certauth.Certauth;
import org.jgtlssh.gensio.mux.MuxSession;
import org.jgtlssh.gensio.pipe.Pipe;
import org.jgtlssh.gensio.ssl.PeerTrust;
import org.jgtlssh.gensio.stack.Quoting;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.ExtensionOffer;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobDecoder;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;
import org.jgtlssh.gtlssh.SessionRequest;
import org.jgtlssh.gtlssh.SessionRequestCodec;

/**
 * One login's worth of work done at start-up, in memory, so that the first real login does not pay for
 * class loading and the interpreter: a fresh JVM's first TLS handshake alone costs ~150 ms, later ones
 * ~10 ms.
 *
 * <pre>
 *   our client layers                                  a private ConnectionHandler (the real login path)
 *   mux ─ certauth(host cert + key) ─ ssl ══ Pipe ══ ssl(host key) ─ certauth ─ LoginPolicy ─ mux ─ session
 *   program "cat" with every extension: 1 KB in, EOF, echo out, exit status; then /bin/true on a pty
 * </pre>
 *
 * The private handler is a personal server for the user we run as, whose only allowed certificate is our
 * own host certificate (copied into a private temporary directory), with its own penalties and a log
 * that goes nowhere: nothing is shared with the real server but the JVM's warm code and caches, no
 * socket is opened, no account is touched, PAM is never called, and the programs run as the server's own
 * user. Any failure is logged at debug level and ignored: warming up is an optimisation, never a reason
 * not to start. The same path is the training run of the AOT cache ({@code --warm-up-only}).
 */
final class Warmup {
    private static final long TIMEOUT_S = 20;

    private Warmup() {}

    /** Runs the warm-up with the server's key and certificate; returns the milliseconds it took. */
    static long run(ServerConfig c, ServerLog log) {
        long t0 = System.nanoTime();
        run(c.keyFile(), c.certFile(), log);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Returns whether every part worked. */
    private static boolean run(Path key, Path cert, ServerLog log) {
        boolean ok = true;
        try {
            login(key, cert);
        } catch (Exception e) {
            ok = false;
            log.debug("warm-up login failed (ignored): " + ServerLog.clean(String.valueOf(e)));
        }
        try { // login shells run on a pty (pty4j): its classes and native library
            SessionProcess p = SessionProcess.start(new LaunchSpec(List.of("/bin/true"), Map.of("PATH",
                    SessionCommands.PATH), "/", true), null, false);
            p.stdout().readAllBytes();
            ok &= p.waitFor().equals(ExitStatus.exited(0));
        } catch (IOException | RuntimeException e) {
            ok = false;
            log.debug("warm-up spawn failed (ignored): " + ServerLog.clean(String.valueOf(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        return ok;
    }

    /**
     * The AOT cache's training run ({@code jgtlsshd --warm-up-only}, from the build): the same warm-up
     * with a throwaway Ed25519 host key (what gtlssh-keygen makes) in a private temporary directory.
     */
    static int training(ServerLog log) {
        Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory("jgtlsshd-train",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            java.security.KeyPair kp = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path key = dir.resolve("k.key");
            Path cert = dir.resolve("k.crt");
            java.util.Set<java.nio.file.attribute.PosixFilePermission> rw = java.nio.file.attribute.PosixFilePermissions
                    .fromString("rw-------");
            org.jgtlssh.keys.SecureFiles.write(key, org.jgtlssh.keys.PemWriter.privateKey(kp.getPrivate()), rw, false);
            org.jgtlssh.keys.SecureFiles.write(cert, org.jgtlssh.keys.PemWriter.certificate(
                    org.jgtlssh.keys.SelfSignedCertificates.create(kp, "jgtlsshd-training", 1)), rw, false);
            boolean ok = true;
            for (int i = 0; i < 3; i++) {
                ok &= run(key, cert, log);
            }
            log.info(ok ? "warm-up training done" : "warm-up training failed (see the debug lines)");
            return ok ? 0 : 1;
        } catch (Exception e) {
            log.info("warm-up training failed: " + e);
            return 1;
        } finally {
            if (dir != null) {
                for (String f : new String[] {"k.key", "k.crt", ""}) {
                    try {
                        java.nio.file.Files.deleteIfExists(dir.resolve(f));
                    } catch (IOException ignored) {
                        // a temporary file left behind
                    }
                }
            }
        }
    }

    /**
     * A whole login through a private {@link ConnectionHandler} (a personal server for the user we run as,
     * whose allowed certificate is our own host certificate, logging nowhere), over an in-memory pipe.
     */
    private static void login(Path key, Path cert) throws Exception {
        String me = Passwd.currentUserName();
        int uid = Passwd.effectiveUid();
        Path dir = Files.createTempDirectory("jgtlsshd-warm-up",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path allowed = dir.resolve("host.crt");
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("warm-up-timer").factory());
        Gensio[] pipe = Pipe.pair(1 << 16);
        try {
            Files.copy(cert, allowed);
            ServerConfig wc = new ServerConfig(0, null, false, List.of(), key, cert, true, false, false, "jgtlsshd", null, false,
                    null, Duration.ofSeconds(TIMEOUT_S), 4, 4, Duration.ZERO, Set.of(), EnumSet.allOf(Feature.class), dir,
                    false);
            ServerLog quiet = new ServerLog(new PrintStream(OutputStream.nullOutputStream()), false);
            FailurePenalties penalties = FailurePenalties.defaults();
            PasswordVerifier noPasswords = (u, pw, tf, host) -> PasswordVerifier.Result.REJECTED;
            LoginPolicy policy = new LoginPolicy(new LoginPolicy.Settings(true, false, uid), Passwd::lookup, noPasswords,
                    penalties, new AuditLog(quiet));
            SessionDispatcher dispatcher = new SessionDispatcher(new SessionDispatcher.Settings(EnumSet.allOf(Feature.class),
                    new EnvironmentPolicy(Set.of()), Duration.ZERO, uid == 0), quiet);
            ConnectionHandler handler = new ConnectionHandler(wc, policy, noPasswords, new StartupLimiter(4, 4), penalties,
                    dispatcher, quiet, timers);
            Incoming in = new Incoming() {
                @Override
                public String remoteAddress() {
                    return "ipv4,127.0.0.1,1";
                }

                @Override
                public Gensio open() {
                    return pipe[1];
                }

                @Override
                public void abort() {
                    pipe[1].abort();
                }
            };
            Thread server = Thread.ofVirtual().name("warm-up").start(() -> handler.handle(in, "ipv4,127.0.0.1,0"));
            client(pipe[0], me, key, cert);
            server.join(Duration.ofSeconds(TIMEOUT_S));
        } finally {
            pipe[0].abort();
            pipe[1].abort();
            timers.shutdownNow();
            Files.deleteIfExists(allowed);
            Files.deleteIfExists(dir);
        }
    }

    /** Our client's side: certauth with the host key, a {@code program:} request with every extension. */
    private static void client(Gensio base, String user, Path key, Path cert) throws IOException {
        String k = Quoting.quoteIfNeeded("key=" + key);
        String cc = Quoting.quoteIfNeeded("cert=" + cert);
        var filters = Gensios.parse("mux(writebuf=65496,readbuf=1048128),certauth(username=" + user + "," + cc + "," + k
                + "),ssl,tcp,0").filters();
        byte[] request = SessionRequestCodec.encode(new SessionRequest.Program(List.of("cat")), ExtensionOffer.all());
        OpenContext ctx = OpenContext.DEFAULT
                .with(PeerTrust.ATTRIBUTE, peer -> true) // both halves are this process
                .with(Certauth.SERVICE_BYTES, new byte[] {'m', 'u', 'x', 0})
                .with(MuxSession.FIRST_SERVICE, request);
        try (Gensio ch = Gensios.defaults().wrapFilters(filters, base, Role.CLIENT, ctx)) {
            byte[] buf = new byte[4096];
            ch.write(buf, 0, 1024, 0);
            byte[] eof = OobEncoder.encode(new OobMessage.EndOfInput());
            ch.write(eof, 0, eof.length, WriteFlags.OOB);
            ReadMeta meta = new ReadMeta();
            OobDecoder d = new OobDecoder(OobDecoder.Direction.TO_CLIENT);
            boolean exited = false;
            int echoed = 0;
            for (int n; !exited && (n = ch.read(buf, 0, buf.length, meta)) >= 0; ) {
                if (meta.oob()) {
                    for (OobMessage m : d.feed(buf, 0, n)) {
                        exited |= m instanceof OobMessage.Exit x && x.status().equals(ExitStatus.exited(0));
                    }
                } else {
                    echoed += n;
                }
            }
            if (!exited || echoed != 1024) {
                throw new IOException("the warm-up session ended early (" + echoed + " bytes echoed)");
            }
        }
    }
}
