package org.jgtlssh.gensio.certauth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.mux.MuxChannel;
import org.jgtlssh.gensio.ssl.Async;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gtlssh stack {@code mux,certauth,ssl,tcp} against the real gensio 2.6.2 (python3-gensio bindings)
 * in both roles, with keys made by the real gtlssh-keygen, gtlssh's mux buffer sizes, and two mux channels
 * carrying data both ways at once.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FullStackInteropTest {
    static final String MUX = "mux(writebuf=65496,readbuf=1048128)";
    static final String PYTHON = "/usr/bin/python3"; // Debian's python, where python3-gensio lives
    static final int N = 1_000_000;

    @TempDir
    static Path home;

    static Path allowed;
    static final Map<String, String[]> ID = new java.util.HashMap<>();

    @BeforeAll
    static void keys() throws Exception {
        keygen("-f", "--commonname", "edUser", "keygen");
        keygen("-f", "--algorithm", "ec", "--commonname", "ecUser", "keygen", "echost");
        keygen("-f", "--algorithm", "rsa", "--commonname", "rsaUser", "keygen", "rsahost");
        Path k = home.resolve(".gtlssh");
        ID.put("ed25519", new String[] {k.resolve("default.key").toString(), k.resolve("default.crt").toString()});
        ID.put("ec", new String[] {k.resolve("keycerts/echost.key").toString(), k.resolve("keycerts/echost.crt").toString()});
        ID.put("rsa", new String[] {k.resolve("keycerts/rsahost.key").toString(), k.resolve("keycerts/rsahost.crt").toString()});
        allowed = home.resolve("allowed");
        Files.createDirectories(allowed);
        for (String a : List.of("ed25519", "ec", "rsa")) {
            Files.copy(Path.of(ID.get(a)[1]), allowed.resolve(a + ".crt"));
        }
        keygen("rehash", allowed.toString());
    }

    static void keygen(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(RealGensio.binary("gtlssh-keygen")));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd, Map.of("HOME", home.toString()), home, true)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.err());
        }
    }

    static Path peerScript() throws Exception {
        return Path.of(FullStackInteropTest.class.getResource("gensio_stack_peer.py").toURI());
    }

    static byte[] data(int n, int mul, int add) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * mul + add); // what gensio_stack_peer.py sends on its two channels
        }
        return b;
    }

    static byte[] readN(Gensio g, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = g.read(b, got, n - got);
            if (r < 0) {
                throw new IOException("EOF after " + got + " bytes");
            }
            got += r;
        }
        return b;
    }

    static CompletableFuture<Long> echo(Gensio g) {
        return Async.supply(() -> {
            byte[] buf = new byte[65536];
            long total = 0;
            try {
                int n;
                while ((n = g.read(buf, 0, buf.length)) >= 0) {
                    g.write(buf, 0, n);
                    total += n;
                }
                g.close();
                return total;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ec", "rsa"})
    void realGensioClientUsesTwoChannelsWithOurServer(String alg) throws Exception {
        String[] id = ID.get(alg);
        List<Map<String, Object>> auth = new CopyOnWriteArrayList<>();
        OpenContext ctx = OpenContext.of(new GensioListener() {
            @Override
            public void event(String layer, String event, Map<String, Object> d) {
                if (layer.equals("certauth")) {
                    auth.add(Map.of("event", event, "user", d.get("user")));
                }
            }
        });
        try (Accepter acc = Gensios.accepter(MUX + ",certauth(CA=" + allowed + "/),ssl(key=" + id[0] + ",cert=" + id[1]
                + "),tcp,127.0.0.1,0", ctx);
                ManagedProcess cli = ManagedProcess.start(List.of(PYTHON, peerScript().toString(), "client",
                        String.valueOf(acc.port()), MUX + ",certauth(username=" + alg + ",cert=" + id[1] + ",key=" + id[0]
                                + "),ssl(CA=" + id[1] + ")", String.valueOf(N)), Map.of(), home, true)) {
            MuxChannel first = (MuxChannel) acc.accept().open();
            assertEquals(List.of(Map.of("event", "auth-ok", "user", alg)), auth);
            MuxChannel second = first.session().acceptChannel(Duration.ofSeconds(20));
            assertEquals("svc2", second.service());
            CompletableFuture<Long> e1 = echo(first);
            CompletableFuture<Long> e2 = echo(second);
            assertEquals(0, cli.waitFor(Duration.ofSeconds(60)), cli.out() + cli.err());
            assertTrue(cli.out().contains("ok"), cli.out());
            assertEquals((long) N, e1.get(10, TimeUnit.SECONDS));
            assertEquals((long) N, e2.get(10, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ec", "rsa"})
    void ourClientUsesTwoChannelsWithARealGensioServer(String alg) throws Exception {
        String[] id = ID.get(alg);
        int port = FreePort.find();
        try (ManagedProcess srv = ManagedProcess.start(List.of(PYTHON, peerScript().toString(), "server",
                String.valueOf(port), MUX + ",certauth(CA=" + allowed + "/),ssl(key=" + id[0] + ",cert=" + id[1] + ")"),
                Map.of(), home, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> srv.out().contains("ready") || !srv.isAlive());
            MuxChannel first = (MuxChannel) Gensios.connect(MUX + ",certauth(username=" + alg + ",cert=" + id[1] + ",key="
                    + id[0] + "),ssl(CA=" + allowed + "/),tcp,127.0.0.1," + port);
            MuxChannel second = first.session().openChannel("second");
            byte[] a = new byte[N];
            byte[] b = new byte[N];
            new Random(1).nextBytes(a);
            new Random(2).nextBytes(b);
            CompletableFuture<Void> wa = Async.run(() -> write(first, a));
            CompletableFuture<Void> wb = Async.run(() -> write(second, b));
            CompletableFuture<byte[]> ra = Async.supply(() -> {
                try {
                    return readN(first, N);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try {
                assertArrayEquals(b, readN(second, N));
                assertArrayEquals(a, ra.get(30, TimeUnit.SECONDS));
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("real gensio said: " + srv.out() + srv.err(), e);
            }
            wa.get(10, TimeUnit.SECONDS);
            wb.get(10, TimeUnit.SECONDS);
            second.close();
            first.close();
        }
    }

    static void write(Gensio g, byte[] d) {
        try {
            g.write(d);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
