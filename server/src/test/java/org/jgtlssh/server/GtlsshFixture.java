package org.jgtlssh.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.OurJvm;
import org.jgtlssh.testutil.RealGensio;

/**
 * A jgtlsshd process (our real entry point, in its own JVM) with keys made by the real gtlssh-keygen, a
 * test account whose allowed_certs holds a client certificate, and a client HOME for the real gtlssh
 * that already trusts the server. Everything under one temporary directory; the account is removed at
 * the end.
 */
final class GtlsshFixture implements AutoCloseable {
    final Path dir;
    final Path clientHome;
    final TestUser user;
    final int port;
    final ManagedProcess server;
    private final List<String> serverArgs;

    GtlsshFixture(Path dir, String... extraServerArgs) throws Exception {
        this.dir = dir;
        Path srv = Files.createDirectories(dir.resolve("srv"));
        clientHome = Files.createDirectories(dir.resolve("home"));
        run(Map.of(), RealGensio.binary("gtlssh-keygen").toString(), "--keydir", srv.toString(), "--force", "serverkey");
        run(Map.of("HOME", clientHome.toString()), RealGensio.binary("gtlssh-keygen").toString(), "--force", "keygen");
        user = TestUser.create("jgtsrv");
        allow(user, clientHome.resolve(".gtlssh/default.crt"));
        port = FreePort.find();
        Path trust = clientHome.resolve(".gtlssh/server_certs");
        Files.copy(srv.resolve("gtlsshd.crt"), trust.resolve("127.0.0.1," + port + ".crt"));
        Files.copy(srv.resolve("gtlsshd.crt"), trust.resolve("ipv4,127.0.0.1," + port + ".crt"));
        run(Map.of("HOME", clientHome.toString()), RealGensio.binary("gtlssh-keygen").toString(), "rehash", trust.toString());
        serverArgs = new ArrayList<>(List.of("-4", "-p", String.valueOf(port), "-h", srv.resolve("gtlsshd.key").toString(),
                "-c", srv.resolve("gtlsshd.crt").toString(), "-d"));
        serverArgs.addAll(List.of(extraServerArgs));
        server = startServer(serverArgs);
        // ready when it says so: a probe connection would be a connection too (and the --oneshot one)
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!server.isAlive()) {
                throw new AssertionError("jgtlsshd exited: " + server.err());
            }
            return server.err().contains("listening on");
        });
    }

    /** Puts {@code cert} into the account's allowed_certs (owned by the user, 0700), hashed by gtlssh-keygen. */
    static void allow(TestUser u, Path cert) throws Exception {
        Path allowed = Path.of(u.account.home(), ".gtlssh", "allowed_certs");
        Files.createDirectories(allowed);
        Files.copy(cert, allowed.resolve("client-" + System.nanoTime() + ".crt"));
        run(Map.of(), RealGensio.binary("gtlssh-keygen").toString(), "rehash", allowed.toString());
        run(Map.of(), "chown", "-R", u.name + ":", allowed.getParent().toString());
        run(Map.of(), "chmod", "700", allowed.getParent().toString(), allowed.toString());
    }

    /** Our server in its own JVM, with the same native-library settings as the test JVM. */
    static ManagedProcess startServer(List<String> args) throws IOException {
        return ManagedProcess.start(OurJvm.command(Jgtlsshd.class, args));
    }

    /**
     * Runs the real gtlssh with {@code args} and a stdin that never reaches EOF (gtlssh drops the session at
     * stdin EOF): a FIFO opened read-write.
     */
    ManagedProcess gtlssh(String... args) throws Exception {
        Path fifo = dir.resolve("hold-" + System.nanoTime() + ".fifo");
        run(Map.of(), "mkfifo", fifo.toString());
        StringBuilder sh = new StringBuilder("exec ").append(RealGensio.binary("gtlssh"));
        for (String a : args) {
            sh.append(" '").append(a.replace("'", "'\\''")).append("'");
        }
        sh.append(" <> '").append(fifo).append("'");
        return ManagedProcess.start(List.of("/bin/sh", "-c", sh.toString()), Map.of("HOME", clientHome.toString()), dir, true);
    }

    /**
     * A client HOME under {@code dir} with a key of its own that the server does not know (so certauth falls
     * back to the password), trusting the server like {@link #clientHome}.
     */
    Path strangerHome(String name) throws Exception {
        Path other = Files.createDirectories(dir.resolve(name));
        run(Map.of("HOME", other.toString()), RealGensio.binary("gtlssh-keygen").toString(), "--force", "keygen");
        Path trust = other.resolve(".gtlssh/server_certs");
        for (String n : new String[] {"127.0.0.1," + port + ".crt", "ipv4,127.0.0.1," + port + ".crt"}) {
            Files.copy(clientHome.resolve(".gtlssh/server_certs").resolve(n), trust.resolve(n));
        }
        run(Map.of("HOME", other.toString()), RealGensio.binary("gtlssh-keygen").toString(), "rehash", trust.toString());
        return other;
    }

    String target() {
        return user.name + "@127.0.0.1";
    }

    String portArg() {
        return String.valueOf(port);
    }

    static void run(Map<String, String> env, String... cmd) throws Exception {
        try (ManagedProcess p = ManagedProcess.start(List.of(cmd), env, null, true)) {
            int rc = p.waitFor(Duration.ofSeconds(30));
            if (rc != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (" + rc + "): " + p.out() + p.err());
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        user.close();
    }
}
