package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.ExtensionOffer;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;
import org.jgtlssh.gtlssh.SessionRequest;
import org.jgtlssh.gtlssh.SessionRequestCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions, privileges and forwarding after login, over in-memory channels and real sockets/processes. */
class SessionDispatcherTest {
    private static final boolean ROOT = Passwd.effectiveUid() == 0;
    private static final UserAccount ME = Passwd.lookup(System.getProperty("user.name")).orElseThrow();
    private static final ConnectionInfo FROM = new ConnectionInfo("127.0.0.1", 40000, "127.0.0.1", 852);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final SessionDispatcher dispatcher = new SessionDispatcher(new SessionDispatcher.Settings(
            EnumSet.allOf(Feature.class), EnvironmentPolicy.defaults(), Duration.ZERO, ROOT),
            new ServerLog(new PrintStream(logBytes, true), true));

    private static byte[] program(ExtensionOffer offer, String... argv) {
        return SessionRequestCodec.encode(new SessionRequest.Program(List.of(argv)), offer);
    }

    /** Reads a channel's ordinary data to its end. */
    private static String drain(Gensio ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        ReadMeta meta = new ReadMeta();
        int n;
        while ((n = ch.read(buf, 0, buf.length, meta)) >= 0) {
            if (!meta.oob()) {
                out.write(buf, 0, n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private CompletableFuture<ExitStatus> start(Gensio serverEnd, byte[] request, UserAccount user, PipeHub hub) {
        return CompletableFuture.supplyAsync(() -> dispatcher.run(serverEnd, request, user, FROM, hub),
                r -> Thread.ofVirtual().start(r));
    }

    @Test
    void sessionOfATestUserRunsWithThatUsersIdsNeverRoot() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create a test account");
        try (TestUser u = TestUser.create("jgtid")) {
            Gensio[] p = OobPipe.pair(64);
            PipeHub hub = new PipeHub();
            var st = start(p[1], program(null, "sh", "-c", "id -u; id -g; id -G; id -un; pwd; echo $HOME $USER $LOGNAME $SHELL; echo $SSH_CLIENT"),
                    u.account, hub);
            String out = drain(p[0]);
            List<String> lines = out.lines().toList();
            assertEquals(String.valueOf(u.account.uid()), lines.get(0), out);
            assertEquals(String.valueOf(u.account.gid()), lines.get(1), out);
            assertFalse(List.of(lines.get(2).split(" ")).contains("0"), "root group kept: " + out);
            assertEquals(u.name, lines.get(3));
            assertEquals(u.account.home(), lines.get(4));
            assertEquals(u.account.home() + " " + u.name + " " + u.name + " /bin/bash", lines.get(5));
            assertEquals("127.0.0.1 40000 852", lines.get(6));
            assertEquals(ExitStatus.exited(0), st.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void badRequestGetsGensiosTextAndTheConnectionEnds() throws Exception {
        Gensio[] p = OobPipe.pair(64);
        PipeHub hub = new PipeHub();
        var st = start(p[1], "program:ls".getBytes(), ME, hub);
        assertEquals("Could not get vals from service", drain(p[0]));
        st.get(5, TimeUnit.SECONDS);
        assertTrue(hub.aborted());
    }

    @Test
    void localForwardConnectsRelaysAndSendsReady() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException ignored) {
                    // test over
                }
            });
            Gensio[] p = OobPipe.pair(64);
            PipeHub hub = new PipeHub();
            var st = start(p[1], program(null, "sleep", "30"), ME, hub);
            Gensio ch = hub.clientOpens("tcp,127.0.0.1," + echo.getLocalPort());
            byte[] buf = new byte[100];
            ReadMeta meta = new ReadMeta();
            int n = ch.read(buf, 0, buf.length, meta);
            assertTrue(meta.oob() && n == 1 && buf[0] == 'r');
            ch.write("hello".getBytes(), 0, 5, 0);
            n = ch.read(buf, 0, buf.length, meta);
            assertEquals("hello", new String(buf, 0, n));
            p[0].close(); // the client leaves: the program is hung up, everything closes
            st.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void remoteForwardListensAndOpensChannelsWithTheServiceId(@TempDir Path dir) throws Exception {
        Gensio[] p = OobPipe.pair(64);
        PipeHub hub = new PipeHub();
        var st = start(p[1], program(null, "sleep", "30"), ME, hub);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path sock = dir.resolve("r.sock");
        for (byte[] req : List.of(
                OobEncoder.encode(new OobMessage.RemoteForwardRequest("0000", "tcp,127.0.0.1," + port)),
                OobEncoder.encode(new OobMessage.RemoteForwardRequest("0001", "unix," + sock)))) {
            p[0].write(req, 0, req.length, WriteFlags.OOB);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sock));
        Socket s = connectWithRetry(port);
        PipeHub.ClientChannel cc = hub.nextServerOpened();
        assertEquals("0000", new String(cc.service()));
        s.getOutputStream().write("ping".getBytes());
        byte[] buf = new byte[10];
        int n = cc.channel().read(buf, 0, buf.length, null);
        assertEquals("ping", new String(buf, 0, n));
        cc.channel().write("pong".getBytes(), 0, 4, 0);
        assertEquals("pong", new String(s.getInputStream().readNBytes(4)));

        SocketChannel u = SocketChannel.open(UnixDomainSocketAddress.of(sock));
        PipeHub.ClientChannel uc = hub.nextServerOpened();
        assertEquals("0001", new String(uc.service()));
        Channels.newOutputStream(u).write("unix".getBytes());
        n = uc.channel().read(buf, 0, buf.length, null);
        assertEquals("unix", new String(buf, 0, n));

        p[0].close();
        st.get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(sock), "socket file left behind");
        s.close();
        u.close();
    }

    private static Socket connectWithRetry(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(20); // the listener is started by an OOB message we cannot observe otherwise
            }
        }
    }

    @Test
    void extensionsComeOnlyWhenOfferedAndEnvironmentIsFiltered() throws Exception {
        Gensio[] p = OobPipe.pair(64);
        PipeHub hub = new PipeHub();
        ExtensionOffer offer = new ExtensionOffer(EnumSet.of(Feature.ENVIRONMENT, Feature.EXIT_STATUS),
                Map.of("LANG", "C.UTF-8", "LD_PRELOAD", "/tmp/evil.so"));
        var st = start(p[1], program(offer, "sh", "-c", "echo $LANG-${LD_PRELOAD:-none}; exit 7"), ME, hub);
        assertEquals("C.UTF-8-none\n", drain(p[0]));
        assertEquals(ExitStatus.exited(7), st.get(10, TimeUnit.SECONDS));
        assertTrue(logBytes.toString().contains("ignored environment"), logBytes.toString());
    }

    @Test
    void nologinFileRefusesNonRootSessions(@TempDir Path dir) throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create a test account");
        Path nologin = Files.writeString(dir.resolve("nologin"), "Maintenance until noon.\n");
        SessionDispatcher d = new SessionDispatcher(new SessionDispatcher.Settings(EnumSet.allOf(Feature.class),
                EnvironmentPolicy.defaults(), Duration.ZERO, ROOT, nologin), new ServerLog(new PrintStream(logBytes, true), true));
        try (TestUser u = TestUser.create("jgtnl")) {
            Gensio[] p = OobPipe.pair(64);
            PipeHub hub = new PipeHub();
            var st = CompletableFuture.supplyAsync(() -> d.run(p[1], SessionRequestCodec.encode(new SessionRequest.Login(
                    List.of("TERM=dumb"))), u.account, FROM, hub), r -> Thread.ofVirtual().start(r));
            assertEquals("Maintenance until noon.\r\n", drain(p[0]));
            assertEquals(null, st.get(10, TimeUnit.SECONDS));
            assertTrue(hub.aborted());
        }
    }

    @Test
    void localForwardToAUnixSocketOnlyWhenTheUserMayWriteIt(@TempDir Path dir) throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create a test account");
        Path open = dir.resolve("open.sock");
        Path closed = dir.resolve("root-only.sock");
        try (TestUser u = TestUser.create("jgtlu");
                ServerSocketChannel a = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                ServerSocketChannel b = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            a.bind(UnixDomainSocketAddress.of(open));
            b.bind(UnixDomainSocketAddress.of(closed));
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel s = a.accept()) {
                    Channels.newInputStream(s).transferTo(Channels.newOutputStream(s));
                } catch (IOException ignored) {
                    // test over
                }
            });
            Gensio[] p = OobPipe.pair(64);
            PipeHub hub = new PipeHub();
            var st = start(p[1], program(null, "sleep", "30"), u.account, hub);
            Gensio ok = hub.clientOpens("unix," + open);
            byte[] buf = new byte[16];
            ReadMeta meta = new ReadMeta();
            assertEquals(1, ok.read(buf, 0, buf.length, meta)); // the ready byte
            ok.write("via-unix".getBytes(), 0, 8, 0);
            int n = ok.read(buf, 0, buf.length, meta);
            assertEquals("via-unix", new String(buf, 0, n));
            Gensio refused = hub.clientOpens("unix," + closed);
            assertEquals(-1, refused.read(buf, 0, buf.length, meta)); // closed without connecting as root
            assertTrue(logBytes.toString().contains("permission denied"), logBytes.toString());
            p[0].close();
            st.get(10, TimeUnit.SECONDS);
        }
    }
}
