package org.jgtlssh.jgensiot;

import static org.awaitility.Awaitility.await;
import static org.jgtlssh.testutil.GensioIo.random;
import static org.jgtlssh.testutil.GensioIo.readUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.jgtlssh.testutil.TcpListeners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's jgensiot examples, each with real processes on 127.0.0.1. */
class JgensiotScenarioTest {
    private static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Callable<Gensio> connect(String stack) {
        return () -> Gensios.connect(stack);
    }

    private static Gensio connectWhenUp(String stack) {
        return await().atMost(Duration.ofSeconds(20)).ignoreException(GensioException.class)
                .until(connect(stack), g -> g != null);
    }

    @Test
    void netcatReplacementBothSidesWithHalfClose() throws Exception {
        int port = FreePort.find();
        byte[] up = random(1 << 20, 1);
        try (ManagedProcess server = JgensiotProcess.start("-a", "tcp,127.0.0.1," + port)) {
            awaitListeningWithoutConnecting(port);
            try (ManagedProcess client = JgensiotProcess.start("tcp,127.0.0.1," + port)) {
                Thread.ofVirtual().start(() -> {
                    try (OutputStream o = client.stdin()) {
                        o.write(up);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                // the client's stdin ended: the server has everything, then answers on its side
                await().atMost(EXIT).until(() -> server.outBytes().length >= up.length);
                assertArrayEquals(up, server.outBytes());
                try (OutputStream o = server.stdin()) {
                    o.write("pong\n".getBytes());
                }
                assertEquals(0, client.waitFor(EXIT), client.err());
                assertEquals(0, server.waitFor(EXIT), server.err());
                assertEquals("pong\n", client.out());
            }
        }
    }

    @Test
    void plainHttpClientReadsTheWholeAnswerAfterStdinEnds() throws Exception {
        byte[] body = new byte[200_000];
        Arrays.fill(body, (byte) 'x');
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/page", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        http.start();
        try (ManagedProcess jg = JgensiotProcess.start("-i", "stdio(self)",
                "tcp,localhost," + http.getAddress().getPort())) {
            try (OutputStream o = jg.stdin()) {
                o.write("GET /page HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals(0, jg.waitFor(EXIT), jg.err());
            String out = jg.out();
            assertTrue(out.startsWith("HTTP/1.1 200"), out.substring(0, Math.min(200, out.length())));
            assertTrue(out.endsWith("\r\n\r\n" + new String(body, StandardCharsets.US_ASCII)), "whole body");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void inetdStyleForwarderWithTheSocketAsStdio() throws Exception {
        // socat plays inetd: with nofork the program's stdin and stdout ARE the accepted socket
        try (Accepter backend = Gensios.accepter("tcp,ipv4,127.0.0.1,0")) {
            Path wrapper = dir.resolve("fwd.sh");
            Files.writeString(wrapper, "#!/bin/sh\n" + JgensiotProcess.shellLine("tcp,localhost," + backend.port()) + "\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
            int port = FreePort.find();
            try (ManagedProcess inetd = ManagedProcess.start(List.of("socat",
                    "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr", "EXEC:" + wrapper + ",nofork"))) {
                awaitListeningWithoutConnecting(port);
                Socket user = new Socket(InetAddress.getLoopbackAddress(), port);
                user.setSoTimeout(30_000); // a missing end of stream fails the test instead of hanging it
                try (user; Gensio back = backend.accept().open()) {
                    byte[] req = random(300_000, 2);
                    byte[] resp = random(300_000, 3);
                    Thread w = Thread.ofVirtual().start(() -> {
                        try {
                            user.getOutputStream().write(req); // and no half-close: HTTP/1.0 style
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    assertArrayEquals(req, back.inputStream().readNBytes(req.length));
                    w.join();
                    back.write(resp);
                    back.closeWrite();
                    // the backend's end of stream must reach the user although jgensiot's stdin (the
                    // same socket) is still open: closing fd 1 alone would send no FIN
                    assertArrayEquals(resp, user.getInputStream().readAllBytes());
                    user.shutdownOutput();
                    assertEquals(-1, back.read(new byte[1], 0, 1));
                }
                assertEquals(0, inetd.waitFor(EXIT), inetd.err());
            }
        }
    }

    @Test
    void shellOnAPtyServedOverTcp() throws Exception {
        int port = FreePort.find();
        try (ManagedProcess jg = JgensiotProcess.start("-i", "pty,bash --norc --noprofile", "-a", "tcp,127.0.0.1," + port)) {
            try (Gensio g = connectWhenUp("tcp,127.0.0.1," + port)) {
                g.write("echo hello$((6*7)); tty\n".getBytes());
                String out = readUntil(g, "/dev/pts/");
                assertTrue(out.contains("hello42"), out);
                g.write("exit 0\n".getBytes());
                readToEnd(g); // bash exits, the pty ends, jgensiot closes the connection
            }
            assertEquals(0, jg.waitFor(EXIT), jg.err());
        }
    }

    @Test
    void onATerminalStdinIsRawAndCtrlBackslashQQuits() throws Exception {
        try (Accepter acc = Gensios.accepter("tcp,ipv4,127.0.0.1,0")) {
            // run jgensiot on a pty of its own, so its stdin is a terminal
            Path wrapper = dir.resolve("jg.sh");
            Files.writeString(wrapper, "#!/bin/sh\n" + JgensiotProcess.shellLine("tcp,127.0.0.1," + acc.port()) + "\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
            try (Gensio term = Gensios.connect("pty," + wrapper); Gensio peer = acc.accept().open()) {
                // jgensiot copies to its stdout only once io1 is open, i.e. after raw mode is set
                peer.write("ready".getBytes());
                assertTrue(readUntil(term, "ready").contains("ready"));
                // raw: no line buffering, ^C is a byte, not a signal
                term.write(new byte[] {'a', 3, 'b'});
                byte[] got = new byte[3];
                int off = 0;
                while (off < 3) {
                    int n = peer.read(got, off, 3 - off);
                    assertTrue(n > 0);
                    off += n;
                }
                assertArrayEquals(new byte[] {'a', 3, 'b'}, got);
                peer.write("to-terminal".getBytes());
                assertTrue(readUntil(term, "to-terminal").contains("to-terminal"));
                term.write(new byte[] {0x1c, 'q'});
                assertEquals(-1, peer.read(new byte[16], 0, 16), "quitting closes the connection");
                readToEnd(term);
                assertEquals(java.util.Optional.of(0), term.get(org.jgtlssh.gensio.Controls.EXIT_CODE));
            }
        }
    }

    @Test
    void noredirStderrLeavesTheProgramsStderrOnOurs() throws Exception {
        try (ManagedProcess jg = JgensiotProcess.start("stdio(noredir-stderr),sh -c 'echo out; echo from-stderr >&2'");
                ManagedProcess quiet = JgensiotProcess.start("stdio,sh -c 'echo out; echo from-stderr >&2'")) {
            jg.stdin().close();
            quiet.stdin().close();
            assertEquals(0, jg.waitFor(EXIT), jg.err());
            assertEquals(0, quiet.waitFor(EXIT), quiet.err());
            assertEquals("out\n", jg.out());
            assertTrue(jg.err().contains("from-stderr"), jg.err());
            assertEquals("out\n", quiet.out());
            assertTrue(!quiet.err().contains("from-stderr"), "by default stderr is dropped, as gensio does: " + quiet.err());
        }
    }

    @Test
    void serverModeGivesEachConnectionItsOwnIo1() throws Exception {
        int port = FreePort.find();
        try (ManagedProcess echo = JgensiotProcess.start("--server", "-i", "stdio,cat", "-a", "tcp,127.0.0.1," + port)) {
            awaitListeningWithoutConnecting(port);
            try (Gensio one = Gensios.connect("tcp,127.0.0.1," + port);
                    Gensio two = Gensios.connect("tcp,127.0.0.1," + port)) {
                two.write("second".getBytes());
                one.write("first".getBytes());
                one.closeWrite();
                two.closeWrite();
                assertEquals("first", new String(one.inputStream().readAllBytes()));
                assertEquals("second", new String(two.inputStream().readAllBytes()));
            }
            // and it keeps listening after both have gone
            try (Gensio three = Gensios.connect("tcp,127.0.0.1," + port)) {
                three.write("third".getBytes());
                three.closeWrite();
                assertEquals("third", new String(three.inputStream().readAllBytes()));
            }
            assertTrue(echo.isAlive());
        }
    }

    @Test
    void onATerminalAPtyOnTheOtherSideFollowsItsSize() throws Exception {
        Path wrapper = dir.resolve("jgpty.sh");
        Files.writeString(wrapper, "#!/bin/sh\n"
                + JgensiotProcess.shellLine("pty,sh -c 'stty size; while read x; do stty size; done'") + "\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        try (Gensio term = Gensios.connect("pty," + wrapper)) {
            term.set(Controls.WINDOW_SIZE, new WindowSize(30, 100)); // before jgensiot even starts
            awaitSizeSeen(term, "30 100");
            term.set(Controls.WINDOW_SIZE, new WindowSize(40, 120)); // SIGWINCH to jgensiot
            awaitSizeSeen(term, "40 120");
            term.write(new byte[] {0x1c, 'q'});
        }
    }

    /** Asks the inner shell for its size (a line) until it reports {@code want}. */
    private static void awaitSizeSeen(Gensio term, String want) {
        StringBuilder seen = new StringBuilder();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            term.write("\r".getBytes());
            byte[] b = new byte[4096];
            int n = term.read(b, 0, b.length);
            if (n > 0) {
                seen.append(new String(b, 0, n, StandardCharsets.UTF_8));
            }
            return n < 0 || seen.toString().contains(want);
        });
        assertTrue(seen.toString().contains(want), seen.toString());
    }

    @Test
    void interopWithTheRealGensiotBothRoles() throws Exception {
        // ours listens, gensiot connects; then gensiot listens, ours connects. 10 MB each way at once.
        for (boolean oursListens : new boolean[] {true, false}) {
            int port = FreePort.find();
            List<String> theirs = oursListens
                    ? List.of(RealGensio.gensiot(), "-i", "stdio(self)", "tcp,127.0.0.1," + port)
                    : List.of(RealGensio.gensiot(), "-i", "stdio(self)", "-a", "tcp,127.0.0.1," + port);
            ManagedProcess first = oursListens ? JgensiotProcess.start("-a", "tcp,127.0.0.1," + port)
                    : ManagedProcess.start(theirs);
            try (first) {
                awaitListeningWithoutConnecting(port);
                try (ManagedProcess second = oursListens ? ManagedProcess.start(theirs)
                        : JgensiotProcess.start("tcp,127.0.0.1," + port)) {
                    ManagedProcess ours = oursListens ? first : second;
                    ManagedProcess gensiot = oursListens ? second : first;
                    byte[] a = random(10_000_000, 4);
                    byte[] b = random(10_000_000, 5);
                    Thread.ofVirtual().start(() -> writeKeepOpen(ours.stdin(), a));
                    Thread.ofVirtual().start(() -> writeKeepOpen(gensiot.stdin(), b));
                    await().atMost(Duration.ofSeconds(60)).until(
                            () -> ours.outBytes().length >= b.length && gensiot.outBytes().length >= a.length);
                    assertArrayEquals(b, ours.outBytes(), "gensiot -> jgensiot");
                    assertArrayEquals(a, gensiot.outBytes(), "jgensiot -> gensiot");
                    gensiot.stdin().close(); // gensiot closes the connection at stdin EOF
                    ours.stdin().close();
                    assertEquals(0, ours.waitFor(EXIT), ours.err());
                }
            }
        }
    }

    /**
     * Waits for a listener on the port by watching /proc/net/tcp and tcp6: a probe connection would
     * itself be accepted as the one connection.
     */
    private static void awaitListeningWithoutConnecting(int port) {
        TcpListeners.awaitListening(port, Duration.ofSeconds(20));
    }

    private static void writeKeepOpen(OutputStream o, byte[] data) {
        try {
            o.write(data);
            o.flush();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void readToEnd(Gensio g) throws IOException {
        InputStream in = g.inputStream();
        while (in.read(new byte[4096]) >= 0) {
            // drain
        }
    }
}
