package org.jgtlssh.usecases;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TestPaths;

/**
 * A user's private key layout and a personal jgtlsshd, as scripts/quickstart makes them: the client's
 * {@code ~/.gtlssh} lives under {@code <dir>/home} (HOME points there for the client and the key tool),
 * the server's host key and its {@code allowed_certs} under {@code <dir>/server}. Nothing touches the
 * real {@code ~/.gtlssh} or {@code /etc/gtlssh}.
 */
final class PersonalServer {
    static final Duration COMMAND = Duration.ofSeconds(120);
    private static final Pattern TCP_PORT = Pattern.compile("listening on ipv4,127\\.0\\.0\\.1,(\\d+)");

    final Path home;
    final Path server;
    final Path allowedCerts;

    private PersonalServer(Path dir) {
        this.home = dir.resolve("home");
        this.server = dir.resolve("server");
        this.allowedCerts = server.resolve("allowed_certs");
    }

    /** Creates the private directories and the server's host key and certificate. */
    static PersonalServer create(Path dir) throws Exception {
        PersonalServer s = new PersonalServer(dir);
        for (Path p : List.of(s.home, s.server, s.allowedCerts)) {
            Files.createDirectories(p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
        s.keygen("--force", "--keydir", s.server.toString(), "serverkey");
        return s;
    }

    Path clientDir() {
        return home.resolve(".gtlssh");
    }

    Path hostCert() {
        return server.resolve("gtlsshd.crt");
    }

    /** Runs bin/jgtlssh-keygen with HOME at the private home; fails the test unless it exits 0. */
    String keygen(String... args) throws Exception {
        try (ManagedProcess p = run("jgtlssh-keygen", List.of(args))) {
            p.stdin().close();
            int status = p.waitFor(COMMAND);
            if (status != 0) {
                throw new AssertionError("jgtlssh-keygen " + String.join(" ", args) + " exited " + status
                        + "\nstdout: " + p.out() + "\nstderr: " + p.err());
            }
            return p.out();
        }
    }

    /** Starts one of the launchers with HOME at the private home, stdout and stderr captured. */
    ManagedProcess run(String launcher, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(TestPaths.bin(launcher).toString());
        cmd.addAll(args);
        return ManagedProcess.start(cmd, Map.of("HOME", home.toString()), home, true);
    }

    /** Allows a client certificate directly, as an administrator would, by copying it and rehashing. */
    void allowDirectly(Path cert, String name) throws Exception {
        copyPrivate(cert, allowedCerts.resolve(name + ".crt"));
        keygen("rehash", allowedCerts.toString());
    }

    /** Starts the personal jgtlsshd on these accepter stacks only (--notcp), as root may log in. */
    ManagedProcess start(String... acceptors) throws IOException {
        List<String> args = new ArrayList<>(List.of("--notcp", "--permit-root",
                "-h", server.resolve("gtlsshd.key").toString(), "-c", hostCert().toString(),
                "--allowed-certs", allowedCerts.toString()));
        for (String a : acceptors) {
            args.add("--other-acc");
            args.add(a);
        }
        return run("jgtlsshd", args);
    }

    /** The port a server started on {@code tcp,ipv4,127.0.0.1,0} reports in its log. */
    static int awaitTcpPort(ManagedProcess server) {
        int[] port = new int[1];
        await().atMost(Scenario.READY).until(() -> {
            if (!server.isAlive()) {
                throw new AssertionError("jgtlsshd exited: " + server.err());
            }
            Matcher m = TCP_PORT.matcher(server.err());
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
            }
            return false;
        });
        return port[0];
    }

    /** Trusts the server's certificate up front under these names in the client's server_certs. */
    void trustServerAs(String... fileNames) throws Exception {
        Path certs = clientDir().resolve("server_certs");
        Files.createDirectories(certs);
        for (String n : fileNames) {
            copyPrivate(hostCert(), certs.resolve(n + ".crt"));
        }
        keygen("rehash", certs.toString());
    }

    private static void copyPrivate(Path from, Path to) throws IOException {
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
    }
}
