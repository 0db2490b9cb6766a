package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real gtlssh 2.6.2 against jgtlsshd: every feature gtlssh has. */
class RealGtlsshInteropTest {
    @TempDir
    static Path dir;
    private static GtlsshFixture f;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create test accounts");
        assumeTrue(Files.isExecutable(Path.of(RealGensio.binary("gtlssh"))), "needs gensio's gtlssh");
        f = new GtlsshFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void programRunsAsTheUserAndGtlsshExitsZeroAsAlways() throws Exception {
        try (ManagedProcess c = f.gtlssh("-p", f.portArg(), f.target(), "sh", "-c", "id -un; printf '[%s]' \"a b\"; echo; exit 3")) {
            assertEquals(0, c.waitFor(Duration.ofSeconds(30)), c.err());
            assertEquals(f.user.name + "\n[a b]\n", c.out());
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.server.err().contains("User " + f.user.name + " logged out (exit 3)"));
        assertTrue(f.server.err().contains("audit: login user=" + f.user.name + " from=127.0.0.1 method=certificate key=SHA256:"));
    }

    @Test
    void programArgvIsExecutedDirectlyLikeGensio() throws Exception {
        try (ManagedProcess c = f.gtlssh("-p", f.portArg(), f.target(), "printf", "%s|", "a b", "$HOME")) {
            assertEquals(0, c.waitFor(Duration.ofSeconds(30)), c.err());
            assertEquals("a b|$HOME|", c.out()); // no shell in between: nothing is expanded
        }
    }

    @Test
    void nomuxClientGetsItsProgramWithoutAStrayReadyByte() throws Exception {
        try (ManagedProcess c = f.gtlssh("--nomux", "-p", f.portArg(), f.target(), "echo", "hi")) {
            assertEquals(0, c.waitFor(Duration.ofSeconds(30)), c.err());
            assertEquals("hi\n", c.out()); // gensio's gtlsshd sends "rhi" here (its ready byte leaks into the data)
        }
    }

    @Test
    void interactiveLoginInATerminal() throws Exception {
        String cmd = "HOME=" + f.clientHome + " " + RealGensio.binary("gtlssh") + " -p " + f.port + " " + f.target();
        try (Tmux t = new Tmux("jgt-login-" + ProcessHandle.current().pid(), 90, 33, cmd)) {
            t.await(f.user.name + "@");
            t.type("echo typed-$((6*7)); stty size; echo $0; tty");
            t.enter();
            String s = t.await("typed-42");
            t.await("33 90");
            assertTrue(t.await("-bash").contains("/dev/pts/"), s);
            t.type("stat -c owner-%U-%a $(tty)");
            t.enter();
            t.await("owner-" + f.user.name + "-620"); // the user owns their terminal, as after login(1)
            t.resize(70, 20);
            t.type("stty size");
            t.enter();
            t.await("20 70");
            t.type("exit");
            t.enter();
            t.await("logout");
        }
    }

    @Test
    void localForwardToATcpPort() throws Exception {
        try (ServerSocket echo = echoServer()) {
            int local = FreePort.find();
            try (ManagedProcess c = f.gtlssh("-p", f.portArg(), "-L", "127.0.0.1:" + local + ":127.0.0.1:" + echo.getLocalPort(),
                    f.target(), "sleep", "20")) {
                Socket s = connectWithin(local, c);
                s.getOutputStream().write("through -L\n".getBytes());
                assertEquals("through -L\n", new String(s.getInputStream().readNBytes(11)));
                s.close();
            }
        }
    }

    @Test
    void remoteForwardListensOnTheServer() throws Exception {
        try (ServerSocket echo = echoServer()) {
            int remote = FreePort.find();
            try (ManagedProcess c = f.gtlssh("-p", f.portArg(), "-R", "127.0.0.1:" + remote + ":127.0.0.1:" + echo.getLocalPort(),
                    f.target(), "sleep", "20")) {
                Socket s = connectWithin(remote, c);
                s.getOutputStream().write("through -R\n".getBytes());
                assertEquals("through -R\n", new String(s.getInputStream().readNBytes(11)));
                s.close();
            }
        }
    }

    @Test
    void remoteForwardOnAUnixSocketIsTheUsersAndRemovedAfterwards() throws Exception {
        Path sockDir = Files.createDirectories(dir.resolve("rsock"));
        GtlsshFixture.run(Map.of(), "chown", f.user.name + ":", sockDir.toString());
        GtlsshFixture.run(Map.of(), "chmod", "755", dir.toString());
        Path sock = sockDir.resolve("r.sock");
        try (ServerSocket echo = echoServer()) {
            try (ManagedProcess c = f.gtlssh("-p", f.portArg(), "-R", sock + ":127.0.0.1:" + echo.getLocalPort(),
                    f.target(), "sleep", "20")) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(sock));
                assertEquals(f.user.name, Files.getOwner(sock).getName());
                try (java.nio.channels.SocketChannel s = java.nio.channels.SocketChannel.open(
                        java.net.UnixDomainSocketAddress.of(sock))) {
                    java.nio.channels.Channels.newOutputStream(s).write("unix -R\n".getBytes());
                    assertEquals("unix -R\n", new String(java.nio.channels.Channels.newInputStream(s).readNBytes(8)));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(sock));
        }
    }

    @Test
    void rootIsRefusedWithoutPermitRoot() throws Exception {
        try (ManagedProcess c = f.gtlssh("-p", f.portArg(), "root@127.0.0.1", "true")) {
            assertEquals(1, c.waitFor(Duration.ofSeconds(30)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.server.err().contains("user=root from=127.0.0.1"));
        assertTrue(f.server.err().contains("result=refused reason=\"Root login not permitted\""), f.server.err());
    }

    @Test
    void unknownCertificateIsRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other-home"));
        GtlsshFixture.run(Map.of("HOME", other.toString()), RealGensio.binary("gtlssh-keygen"), "--force", "keygen");
        Path trust = other.resolve(".gtlssh/server_certs");
        for (String n : new String[] {"127.0.0.1," + f.port + ".crt", "ipv4,127.0.0.1," + f.port + ".crt"}) {
            Files.copy(f.clientHome.resolve(".gtlssh/server_certs").resolve(n), trust.resolve(n));
        }
        GtlsshFixture.run(Map.of("HOME", other.toString()), RealGensio.binary("gtlssh-keygen"), "rehash", trust.toString());
        try (ManagedProcess c = ManagedProcess.start(java.util.List.of("/bin/sh", "-c", "exec " + RealGensio.binary("gtlssh")
                + " -p " + f.port + " " + f.target() + " true < /dev/zero"), Map.of("HOME", other.toString()), dir, true)) {
            assertEquals(1, c.waitFor(Duration.ofSeconds(30)), c.out() + c.err());
        }
        assertTrue(f.server.err().contains("result=refused reason=\"certificate not in allowed_certs, passwords disabled\""),
                f.server.err());
    }

    static ServerSocket echoServer() throws IOException {
        ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // peer gone
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return ss;
    }

    /** Connects once the forwarding listener exists (it appears when gtlssh has logged in). */
    static Socket connectWithin(int port, ManagedProcess client) {
        Socket[] s = new Socket[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!client.isAlive()) {
                throw new AssertionError("gtlssh exited: " + client.out() + client.err() + "\nserver log:\n" + f.server.err());
            }
            try {
                s[0] = new Socket(InetAddress.getLoopbackAddress(), port);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return s[0];
    }
}
