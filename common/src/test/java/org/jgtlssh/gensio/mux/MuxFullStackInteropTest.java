package org.jgtlssh.gensio.mux;

import static org.awaitility.Awaitility.await;
import static org.jgtlssh.gensio.mux.MuxInteropTest.echo;
import static org.jgtlssh.gensio.mux.MuxInteropTest.peerScript;
import static org.jgtlssh.gensio.mux.MuxInteropTest.random;
import static org.jgtlssh.gensio.mux.MuxInteropTest.readAsync;
import static org.jgtlssh.gensio.mux.MuxInteropTest.writeAsync;
import static org.jgtlssh.gensio.mux.MuxPair.readN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gtlssh stack {@code mux,certauth,ssl,tcp} with gtlssh's mux buffer sizes: ours against the real
 * gensio 2.6.2 (python3-gensio) in both roles, with a key made by the real {@code gtlssh-keygen}; data
 * flows both ways on two mux channels at once.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MuxFullStackInteropTest {
    private static final String MUX = "mux(writebuf=65496,readbuf=1048128)";
    private static final String PYTHON = "/usr/bin/python3";
    private static final int N = 1_000_000;

    @TempDir
    static Path home;

    static String key;
    static String cert;
    static Path allowed;

    @BeforeAll
    static void keysFromTheRealKeygen() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealGensio.binary("gtlssh-keygen"), "-f", "--commonname",
                "muxUser", "keygen"));
        try (ManagedProcess p = ManagedProcess.start(cmd, Map.of("HOME", home.toString()), home, true)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.err());
        }
        key = home.resolve(".gtlssh/default.key").toString();
        cert = home.resolve(".gtlssh/default.crt").toString();
        allowed = home.resolve("allowed");
        Files.createDirectories(allowed);
        Files.copy(Path.of(cert), allowed.resolve("ed25519.crt"));
        try (ManagedProcess p = ManagedProcess.start(List.of(RealGensio.binary("gtlssh-keygen"), "rehash",
                allowed.toString()), Map.of("HOME", home.toString()), home, true)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.err());
        }
    }

    private static String accepterStack(String port) {
        return MUX + ",certauth(CA=" + allowed + "/),ssl(key=" + key + ",cert=" + cert + "),tcp,127.0.0.1," + port;
    }

    private static String connectorStack(int port) {
        return MUX + ",certauth(username=ed25519,cert=" + cert + ",key=" + key + "),ssl(CA=" + cert
                + "),tcp,127.0.0.1," + port;
    }

    @Test
    void realGensioClientWithTwoChannelsAgainstOurFullStackServer() throws Exception {
        try (Accepter acc = Gensios.accepter(accepterStack("0"));
                ManagedProcess cli = ManagedProcess.start(List.of(PYTHON, peerScript().toString(), "client",
                        connectorStack(acc.port()), String.valueOf(N)), Map.of("HOME", home.toString()), home, true)) {
            MuxChannel first = (MuxChannel) acc.accept().open();
            assertTrue(first.isEncrypted() && first.isAuthenticated());
            MuxChannel second = first.session().acceptChannel(Duration.ofSeconds(30));
            assertEquals("svc2", second.service());
            CompletableFuture<Long> e1 = echo(first);
            CompletableFuture<Long> e2 = echo(second);
            assertEquals(0, cli.waitFor(Duration.ofSeconds(60)), cli.out() + cli.err());
            assertTrue(cli.out().contains("ok"), cli.out());
            assertEquals((long) N, e1.get(10, TimeUnit.SECONDS));
            assertEquals((long) N, e2.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void ourFullStackClientWithTwoChannelsAgainstARealGensioServer() throws Exception {
        int port = FreePort.find();
        try (ManagedProcess srv = ManagedProcess.start(List.of(PYTHON, peerScript().toString(), "server",
                accepterStack(String.valueOf(port))), Map.of("HOME", home.toString()), home, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> srv.out().contains("ready"));
            MuxChannel first;
            MuxChannel second;
            try {
                first = (MuxChannel) Gensios.connect(connectorStack(port));
                second = first.session().openChannel("second");
            } catch (Exception e) {
                throw new AssertionError("real gensio said: " + srv.out() + srv.err(), e);
            }
            assertTrue(first.isEncrypted());
            byte[] a = random(N, 21);
            byte[] b = random(N, 22);
            CompletableFuture<Void> wa = writeAsync(first, a);
            CompletableFuture<Void> wb = writeAsync(second, b);
            CompletableFuture<byte[]> ra = readAsync(first, a.length);
            assertArrayEquals(b, readN(second, b.length));
            assertArrayEquals(a, ra.get(30, TimeUnit.SECONDS));
            wa.get(10, TimeUnit.SECONDS);
            wb.get(10, TimeUnit.SECONDS);
            second.close();
            first.close();
        }
    }
}
