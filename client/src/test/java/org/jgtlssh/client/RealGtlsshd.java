package org.jgtlssh.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;

/**
 * The real gtlsshd 2.6.2 on a free port, with keys made by the real gtlssh-keygen. It logs users in as
 * root (the only account a test can use), so it runs in its own mount namespace with a temporary
 * directory bind-mounted over /root (where it looks for allowed_certs): the real /root is never
 * touched. A pid namespace makes sure every per-connection process dies with it (2.6.2 leaks one per
 * failed connection).
 */
final class RealGtlsshd implements AutoCloseable {
    final Path base;
    final Path clientHome;
    final Path serverKey;
    final Path serverCert;
    final int port;
    private final ManagedProcess process;

    private RealGtlsshd(Path base, Path clientHome, Path serverKey, Path serverCert, int port, ManagedProcess p) {
        this.base = base;
        this.clientHome = clientHome;
        this.serverKey = serverKey;
        this.serverCert = serverCert;
        this.port = port;
        this.process = p;
    }

    static RealGtlsshd start(Path base, String... extraArgs) throws Exception {
        Path clientHome = Files.createDirectories(base.resolve("home"));
        Path rootHome = Files.createDirectories(base.resolve("roothome"));
        Path srv = base.resolve("srv");
        keygen(clientHome, "setup");
        keygen(rootHome, "setup");
        keygen(base, "--keydir", srv.toString(), "serverkey");
        keygen(rootHome, "addallow", "client", clientHome.resolve(".gtlssh/default.crt").toString());
        int port = FreePort.find();
        String cmd = "mount --bind '" + rootHome + "' /root && exec " + RealGensio.binary("gtlsshd")
                + " --nodaemon --permit-root -4 -p " + port + " --keyfile '" + srv.resolve("gtlsshd.key")
                + "' --certfile '" + srv.resolve("gtlsshd.crt") + "' " + String.join(" ", extraArgs);
        ManagedProcess p = ManagedProcess.start(List.of("unshare", "-m", "-p", "-f", "--kill-child", "sh", "-c", cmd),
                Map.of(), base, true);
        RealGtlsshd d = new RealGtlsshd(base, clientHome, srv.resolve("gtlsshd.key"), srv.resolve("gtlsshd.crt"), port, p);
        try {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return true;
                }
            });
        } catch (RuntimeException e) {
            d.close();
            throw new AssertionError("gtlsshd did not start: " + p.err(), e);
        }
        return d;
    }

    static void keygen(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealGensio.binary("gtlssh-keygen"), "-f"));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd, Map.of("HOME", home.toString()), home, true)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.err());
        }
    }

    /** Stores the server's certificate as trusted for 127.0.0.1 (names N1 and N2), as gtlssh would. */
    void trustServer() throws IOException {
        Path sc = clientHome.resolve(".gtlssh/server_certs");
        for (String n : List.of("127.0.0.1," + port + ".crt", "ipv4,127.0.0.1," + port + ".crt")) {
            org.jgtlssh.keys.SecureFiles.createNew(sc.resolve(n), Files.readAllBytes(serverCert),
                    org.jgtlssh.keys.SecureFiles.PRIVATE_FILE);
        }
        org.jgtlssh.keys.HashedDirectory.rehash(sc, false, java.time.Clock.systemUTC());
    }

    String log() {
        return process.err() + process.out();
    }

    @Override
    public void close() {
        process.close();
    }
}
