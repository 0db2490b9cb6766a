package org.jgtlssh.client;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TcpListeners;
import org.jgtlssh.testutil.TestPaths;

/**
 * Our jgtlsshd (bin/jgtlsshd, built by the server module) on a free port, set up like {@link RealGtlsshd}:
 * keys from the real gtlssh-keygen, root's home replaced by a temporary directory in a private mount
 * namespace, everything in a pid namespace that dies with it.
 */
final class OurJgtlsshd implements AutoCloseable {
    final Path clientHome;
    final Path serverCert;
    final int port;
    private final ManagedProcess process;

    private OurJgtlsshd(Path clientHome, Path serverCert, int port, ManagedProcess process) {
        this.clientHome = clientHome;
        this.serverCert = serverCert;
        this.port = port;
        this.process = process;
    }

    static OurJgtlsshd start(Path base, String... extraArgs) throws Exception {
        Path launcher = TestPaths.bin("jgtlsshd");
        if (!Files.isExecutable(launcher) || !Files.exists(TestPaths.root().resolve("server/target/jgtlsshd.jar"))) {
            throw new AssertionError("jgtlsshd is not built: run the server module's package phase first "
                    + "(mvn -pl server,client -am verify)");
        }
        Path clientHome = Files.createDirectories(base.resolve("home"));
        Path rootHome = Files.createDirectories(base.resolve("roothome"));
        Path srv = base.resolve("srv");
        RealGtlsshd.keygen(clientHome, "setup");
        RealGtlsshd.keygen(rootHome, "setup");
        RealGtlsshd.keygen(base, "--keydir", srv.toString(), "serverkey");
        RealGtlsshd.keygen(rootHome, "addallow", "client", clientHome.resolve(".gtlssh/default.crt").toString());
        int port = FreePort.find();
        StringBuilder cmd = new StringBuilder("mount --bind '" + rootHome + "' /root && exec '" + launcher
                + "' --permit-root -4 -p " + port + " --keyfile '" + srv.resolve("gtlsshd.key") + "' --certfile '"
                + srv.resolve("gtlsshd.crt") + "'");
        for (String a : extraArgs) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        ManagedProcess p = ManagedProcess.start(List.of("unshare", "-m", "-p", "-f", "--kill-child", "sh", "-c",
                cmd.toString()), Map.of(), base, true);
        OurJgtlsshd d = new OurJgtlsshd(clientHome, srv.resolve("gtlsshd.crt"), port, p);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> TcpListeners.isListening(port) || !p.isAlive());
        } catch (RuntimeException e) {
            d.close();
            throw new AssertionError("jgtlsshd did not start: " + p.err(), e);
        }
        if (!p.isAlive()) {
            throw new AssertionError("jgtlsshd exited: " + p.err() + p.out());
        }
        return d;
    }

    String log() {
        return process.err() + process.out();
    }

    @Override
    public void close() {
        process.close();
    }
}
