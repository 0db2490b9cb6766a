package org.jgtlssh.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.jgtlssh.testutil.TcpListeners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jgtlssh against the real gtlsshd 2.6.2, and trust files shared with the real gtlssh. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RealGtlsshdTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    Path tmp;

    RealGtlsshd server;
    ServerSocket echo;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        server = RealGtlsshd.start(tmp);
        server.trustServer();
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (Exception ignored) {
                            // client went away
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (echo != null) {
            echo.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ManagedProcess jgtlssh(Path home, String... args) throws Exception {
        return JgtlsshProcess.start(home, List.of(args));
    }

    @Test
    void runsACommandLikeGtlssh() throws Exception {
        try (ManagedProcess p = jgtlssh(server.clientHome, "-p", "" + server.port, "root@127.0.0.1",
                "printf", "%s|", "a b", "c")) {
            // stdin stays open (a pipe): with gensio's server, EOF on stdin would end the session early
            assertEquals(0, p.waitFor(WAIT), p.err());
            assertEquals("a b|c|", p.out());
            assertEquals("", p.err(), "nothing but the remote's output, and no diagnostics without -d");
        }
    }

    @Test
    void saysOnceWithDebugThatTheServerLacksTheExtensions() throws Exception {
        try (ManagedProcess p = jgtlssh(server.clientHome, "-d", "-p", "" + server.port, "root@127.0.0.1",
                "sh", "-c", "echo out; exit 3")) {
            assertEquals(0, p.waitFor(WAIT), "gensio's gtlsshd reports no exit status: 0 like gtlssh\n" + p.err());
            assertEquals("out\n", p.out());
            String err = p.err();
            int first = err.indexOf("does not speak jgtlssh's extensions");
            assertTrue(first >= 0, err);
            assertEquals(-1, err.indexOf("does not speak jgtlssh's extensions", first + 1), "said once");
        }
    }

    @Test
    void nomuxGivesWhatGtlsshGives() throws Exception {
        String ours;
        try (ManagedProcess p = jgtlssh(server.clientHome, "--nomux", "-p", "" + server.port, "root@127.0.0.1",
                "echo", "nomux")) {
            assertEquals(0, p.waitFor(WAIT), p.err());
            ours = p.out();
        }
        try (ManagedProcess g = ManagedProcess.start(List.of(RealGensio.binary("gtlssh"), "--nomux", "-p",
                "" + server.port, "root@127.0.0.1", "echo", "nomux"), Map.of("HOME", server.clientHome.toString()),
                server.clientHome, true)) {
            assertEquals(0, g.waitFor(WAIT), g.err());
            // gtlsshd writes its ready byte into the data stream when there is no mux: "rnomux"
            assertEquals(g.out(), ours);
        }
    }

    @Test
    void localForwarding() throws Exception {
        int lport = FreePort.find();
        try (ManagedProcess p = jgtlssh(server.clientHome, "-d", "-p", "" + server.port,
                "-L", "127.0.0.1:" + lport + ":127.0.0.1:" + echo.getLocalPort(), "root@127.0.0.1", "sleep", "60")) {
            // Only one forwarded connection: gensio 2.6.2's gtlsshd ends the whole session when a forwarded
            // channel closes (the real gtlssh sees the same), so the test must not probe the port first.
            await().atMost(WAIT).until(() -> p.err().contains("listening on"));
            assertEchoes(lport, "through -L\n".repeat(1000));
        }
    }

    @Test
    void remoteForwarding() throws Exception {
        int rport = FreePort.find();
        try (ManagedProcess p = jgtlssh(server.clientHome, "-p", "" + server.port,
                "-R", "127.0.0.1:" + rport + ":127.0.0.1:" + echo.getLocalPort(), "root@127.0.0.1", "sleep", "60")) {
            await().atMost(WAIT).until(() -> TcpListeners.isListening(rport));
            assertEchoes(rport, "through -R\n".repeat(1000));
        }
    }

    private static void assertEchoes(int port, String text) throws Exception {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30000);
            OutputStream out = s.getOutputStream();
            Thread w = Thread.ofVirtual().start(() -> {
                try {
                    out.write(data);
                    out.flush();
                } catch (Exception ignored) {
                    // the read side reports
                }
            });
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(data.length);
            w.join();
            assertArrayEquals(data, got);
        }
    }

    @Test
    void nointeractiveRefusesAnUnknownHostAndStoresNothing() throws Exception {
        Path home = tmp.resolve("fresh");
        RealGtlsshd.keygen(Files.createDirectories(home), "setup");
        try (ManagedProcess p = jgtlssh(home, "--nointeractive", "-p", "" + server.port, "root@127.0.0.1", "true")) {
            assertEquals(255, p.waitFor(WAIT));
            assertTrue(p.err().contains("is not present"), p.err());
            assertTrue(p.err().contains("--nointeractive"), p.err());
            assertEquals("", p.out());
        }
        try (var s = Files.list(home.resolve(".gtlssh/server_certs"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void changedCertificateIsRefusedNamingTheFile() throws Exception {
        Path home = tmp.resolve("changed");
        RealGtlsshd.keygen(Files.createDirectories(home), "setup");
        // a different server certificate stored under this host's name
        RealGtlsshd.keygen(home, "--keydir", home.resolve("other").toString(), "serverkey");
        Path n1 = home.resolve(".gtlssh/server_certs/127.0.0.1," + server.port + ".crt");
        Files.copy(home.resolve("other/gtlsshd.crt"), n1);
        byte[] before = Files.readAllBytes(n1);
        try (ManagedProcess p = jgtlssh(home, "-p", "" + server.port, "root@127.0.0.1", "true")) {
            assertEquals(255, p.waitFor(WAIT));
            assertTrue(p.err().contains("REMOTE HOST CERTIFICATE HAS CHANGED"), p.err());
            assertTrue(p.err().contains(n1.toString()), p.err());
        }
        assertArrayEquals(before, Files.readAllBytes(n1));
    }

    @Test
    void trustStoredByRealGtlsshIsUsedSilently() throws Exception {
        Path home = tmp.resolve("fromgtlssh");
        RealGtlsshd.keygen(Files.createDirectories(home), "setup");
        RealGtlsshd.keygen(server.base.resolve("roothome"), "addallow", "fromgtlssh",
                home.resolve(".gtlssh/default.crt").toString());
        // the real gtlssh asks on stdin; answer y and keep stdin open until the command is done
        try (ManagedProcess g = ManagedProcess.start(List.of(RealGensio.binary("gtlssh"), "-p", "" + server.port,
                "root@127.0.0.1", "echo", "stored"), Map.of("HOME", home.toString()), home, true)) {
            g.stdin().write("y\n".getBytes(StandardCharsets.US_ASCII));
            g.stdin().flush();
            assertEquals(0, g.waitFor(WAIT), g.err());
            assertTrue(g.out().startsWith("stored\n"), g.out()); // gtlssh prints its prompt on stdout after it
        }
        try (ManagedProcess p = jgtlssh(home, "--nointeractive", "-p", "" + server.port, "root@127.0.0.1",
                "echo", "silent")) {
            assertEquals(0, p.waitFor(WAIT), p.err());
            assertEquals("silent\n", p.out());
            assertEquals("", p.err());
        }
    }

    @Test
    void trustStoredByUsIsUsedByRealGtlssh() throws Exception {
        Path home = tmp.resolve("fromus");
        RealGtlsshd.keygen(Files.createDirectories(home), "setup");
        RealGtlsshd.keygen(server.base.resolve("roothome"), "addallow", "fromus",
                home.resolve(".gtlssh/default.crt").toString());
        // store through our HostTrust (what the first-contact "y" does), then let the real gtlssh connect
        HostTrust t = new HostTrust(home.resolve(".gtlssh/server_certs"), "127.0.0.1", server.port,
                java.time.Clock.systemUTC());
        t.verify(HostTrustTest.parse(server.serverCert), "ipv4,127.0.0.1," + server.port, true, new ScriptedPrompter("y"));
        try (ManagedProcess g = ManagedProcess.start(List.of(RealGensio.binary("gtlssh"), "-p", "" + server.port,
                "root@127.0.0.1", "echo", "accepted"), Map.of("HOME", home.toString()), home, true)) {
            assertEquals(0, g.waitFor(WAIT), g.err());
            assertEquals("accepted\n", g.out());
            assertFalse(g.err().contains("Add this certificate"), g.err());
        }
    }
}
