package org.jgtlssh.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.SocatPtyPair;
import org.jgtlssh.testutil.TcpListeners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** jgtlssh against our jgtlsshd: the extensions (exit status, half-close, stderr) end to end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class JgtlsshdTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    Path tmp;
    OurJgtlsshd server;
    Path script;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        server = OurJgtlsshd.start(dir);
        HostTrust t = new HostTrust(server.clientHome.resolve(".gtlssh/server_certs"), "127.0.0.1", server.port,
                Clock.systemUTC());
        t.store(HostTrustTest.parse(server.serverCert), List.of(t.hostFile(),
                t.addressFile("ipv4,127.0.0.1," + server.port)));
        script = JgtlsshProcess.script(dir, server.clientHome);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Runs a shell line (for redirections and pipes) with $J as jgtlssh to our server. */
    private ManagedProcess sh(String line) throws Exception {
        String j = "'" + script + "' -p " + server.port + " root@127.0.0.1";
        return ManagedProcess.start("sh", "-c", line.replace("$J", j));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            exit 0            | 0
            exit 3            | 3
            kill -INT $$      | 130
            """)
    void remoteExitStatusBecomesOurs(String shellCode, int expected) throws Exception {
        try (ManagedProcess p = JgtlsshProcess.start(server.clientHome,
                List.of("-p", "" + server.port, "root@127.0.0.1", "sh", "-c", shellCode))) {
            p.stdin().close();
            assertEquals(expected, p.waitFor(WAIT), p.err() + server.log());
        }
    }

    @Test
    void fiftyMegabytesByteExactFromAFileAndFromAPipe() throws Exception {
        Path f = tmp.resolve("50MB.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(42).nextBytes(chunk);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(f)) {
            for (int i = 0; i < 50; i++) {
                chunk[0] = (byte) i;
                out.write(chunk);
                md.update(chunk);
            }
        }
        String expected = HexFormat.of().formatHex(md.digest());
        try (ManagedProcess p = sh("$J sha256sum < '" + f + "'")) {
            assertEquals(0, p.waitFor(WAIT), p.err());
            assertEquals(expected + "  -\n", p.out());
        }
        try (ManagedProcess p = sh("cat '" + f + "' | $J sha256sum")) {
            assertEquals(0, p.waitFor(WAIT), p.err());
            assertEquals(expected + "  -\n", p.out());
        }
        // and 50 MB the other way, into a local pipe
        try (ManagedProcess p = sh("$J head -c 52428800 /dev/zero </dev/null | sha256sum")) {
            assertEquals(0, p.waitFor(WAIT), p.err());
            MessageDigest z = MessageDigest.getInstance("SHA-256");
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 50; i++) {
                z.update(zeros);
            }
            assertEquals(HexFormat.of().formatHex(z.digest()) + "  -\n", p.out());
        }
    }

    @Test
    void devNullAsStdinReachesTheProgramAsEof() throws Exception {
        try (ManagedProcess p = sh("$J sh -c 'cat; echo after-eof; exit 4' </dev/null")) {
            assertEquals(4, p.waitFor(WAIT), p.err());
            assertEquals("after-eof\n", p.out());
        }
    }

    @Test
    void stderrStaysSeparate() throws Exception {
        try (ManagedProcess p = sh("$J sh -c 'echo to-out; echo to-err >&2' </dev/null")) {
            assertEquals(0, p.waitFor(WAIT), p.err());
            assertEquals("to-out\n", p.out());
            assertEquals("to-err\n", p.err());
        }
    }

    @Test
    void interactiveLoginWindowSizeAndEscapeQuit() throws Exception {
        String cmd = "TERM=xterm '" + script + "' -p " + server.port + " root@127.0.0.1; echo EXIT=$?; sleep 120";
        try (Tmux t = Tmux.start(100, 30, cmd)) {
            t.awaitScreen("#", WAIT);
            t.type("stty size; echo $TERM\r");
            t.awaitScreen("30 100", WAIT);
            t.awaitScreen("xterm", WAIT);
            t.run("resize-window", "-x", "90", "-y", "33");
            t.typeUntil("stty size\r", "33 90", WAIT);
            t.keys("C-\\", "q");
            t.awaitScreen("EXIT=0", WAIT);
        }
    }

    @Test
    void loginShellExitStatusIsReported() throws Exception {
        String cmd = "'" + script + "' -p " + server.port + " root@127.0.0.1; echo EXIT=$?; sleep 120";
        try (Tmux t = Tmux.start(100, 30, cmd)) {
            t.awaitScreen("#", WAIT);
            t.type("exit 7\r");
            t.awaitScreen("EXIT=7", WAIT);
        }
    }

    @Test
    void severalLocalAndRemoteForwardsOverTcpAndUnixSockets(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket tcpEcho = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                java.nio.channels.ServerSocketChannel unixEcho = java.nio.channels.ServerSocketChannel.open(
                        java.net.StandardProtocolFamily.UNIX)) {
            Path echoSock = dir.resolve("echo.sock");
            unixEcho.bind(java.net.UnixDomainSocketAddress.of(echoSock));
            Thread.ofVirtual().start(() -> serveEcho(tcpEcho));
            Thread.ofVirtual().start(() -> {
                while (unixEcho.isOpen()) {
                    try {
                        var c = unixEcho.accept();
                        Thread.ofVirtual().start(() -> {
                            try (c) {
                                java.nio.channels.Channels.newInputStream(c).transferTo(java.nio.channels.Channels.newOutputStream(c));
                            } catch (Exception ignored) {
                                // peer gone
                            }
                        });
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            int l2 = org.jgtlssh.testutil.FreePort.find();
            int r1 = org.jgtlssh.testutil.FreePort.find();
            Path l1 = dir.resolve("l1.sock");
            Path r2 = dir.resolve("r2.sock");
            String echo = "127.0.0.1:" + tcpEcho.getLocalPort();
            try (ManagedProcess p = JgtlsshProcess.start(server.clientHome, List.of("-d", "-p", "" + server.port,
                    "-L", l1 + ":" + echo, "-L", "127.0.0.1:" + l2 + ":" + echoSock,
                    "-R", "127.0.0.1:" + r1 + ":" + echo, "-R", r2 + ":" + echoSock,
                    "root@127.0.0.1", "sleep", "120"))) {
                await().atMost(WAIT).until(() -> p.err().split("listening on", -1).length == 3
                        && TcpListeners.isListening(r1) && Files.exists(r2));
                for (int round = 0; round < 2; round++) {
                    assertUnixEchoes(l1, "via -L unix->tcp " + round);
                    assertTcpEchoes(l2, "via -L tcp->unix " + round);
                    assertTcpEchoes(r1, "via -R tcp->tcp " + round);
                    assertUnixEchoes(r2, "via -R unix->unix " + round);
                }
            }
        }
    }

    private static void serveEcho(java.net.ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                java.net.Socket c = ss.accept();
                Thread.ofVirtual().start(() -> {
                    try (c) {
                        c.getInputStream().transferTo(c.getOutputStream());
                    } catch (Exception ignored) {
                        // peer gone
                    }
                });
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void assertTcpEchoes(int port, String text) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(30000);
            byte[] data = (text + "\n").repeat(200).getBytes();
            s.getOutputStream().write(data);
            assertEquals(new String(data), new String(s.getInputStream().readNBytes(data.length)));
        }
    }

    private static void assertUnixEchoes(Path sock, String text) throws Exception {
        try (var c = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(sock))) {
            byte[] data = (text + "\n").repeat(200).getBytes();
            java.nio.channels.Channels.newOutputStream(c).write(data);
            assertEquals(new String(data), new String(java.nio.channels.Channels.newInputStream(c).readNBytes(data.length)));
        }
    }

    @Test
    void transportOverASocatPtyPair(@TempDir Path dir) throws Exception {
        try (SocatPtyPair pair = SocatPtyPair.open(dir);
                OurJgtlsshd serial = OurJgtlsshd.start(dir.resolve("srv"), "--other-acc",
                        "conacc,relpkt(mode=server),msgdelim,serialdev," + pair.a() + ",115200n81")) {
            String device = pair.b().toRealPath().toString();
            HostTrust t = new HostTrust(serial.clientHome.resolve(".gtlssh/server_certs"), "serialbox", 852,
                    Clock.systemUTC());
            t.store(HostTrustTest.parse(serial.serverCert),
                    List.of(t.hostFile(), t.addressFile("serialdev," + device + ",115200N81")));
            try (ManagedProcess p = JgtlsshProcess.start(serial.clientHome, List.of("--transport",
                    "relpkt,msgdelim,serialdev," + device + ",115200n81", "root@serialbox", "sh", "-c",
                    "cat; echo over-serial; exit 6"))) {
                p.stdin().write("typed\n".getBytes());
                p.stdin().close();
                assertEquals(6, p.waitFor(WAIT), p.err() + serial.log());
                assertEquals("typed\nover-serial\n", p.out());
            }
        }
    }
}
