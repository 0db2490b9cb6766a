package org.jgtlssh.gensio.mux;

import static org.awaitility.Awaitility.await;
import static org.jgtlssh.gensio.mux.MuxPair.readAll;
import static org.jgtlssh.gensio.mux.MuxPair.readN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our mux against Debian's real gensio 2.6.2 over TCP on 127.0.0.1, in both roles: the {@code gensiot}
 * CLI (one channel) and the python3-gensio bindings (two channels with data both ways at once).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MuxInteropTest {
    private static final String GTLSSH = "writebuf=65496,readbuf=1048128";
    private static final String PYTHON = "/usr/bin/python3"; // Debian's python, where python3-gensio lives

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static CompletableFuture<Void> writeAsync(Gensio g, byte[] data) {
        return CompletableFuture.runAsync(() -> {
            try {
                g.write(data);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    /** Connects as soon as the real accepter listens (connection refused until then). */
    private static Gensio connectWhenListening(String stack) {
        AtomicReference<Gensio> g = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            g.set(Gensios.connect(stack));
            return true;
        });
        return g.get();
    }

    private static String mux(String opts) {
        return opts.isEmpty() ? "mux" : "mux(" + opts + ")";
    }

    static Path peerScript() throws Exception {
        return Path.of(MuxInteropTest.class.getResource("gensio_mux_peer.py").toURI());
    }

    @ParameterizedTest(name = "mux({0})")
    @ValueSource(strings = {"", GTLSSH})
    void realGensiotAccepterEchoesWhatOurClientSends(String opts) throws Exception {
        int port = FreePort.find();
        try (ManagedProcess srv = ManagedProcess.start(RealGensio.gensiot(), "-a", "-i", "echo",
                mux(opts) + ",tcp,127.0.0.1," + port)) {
            Gensio c = connectWhenListening(mux(opts) + ",tcp,127.0.0.1," + port);
            byte[] data = random(1 << 20, 11);
            CompletableFuture<Void> w = writeAsync(c, data);
            assertArrayEquals(data, readN(c, data.length), srv.err());
            w.get(20, TimeUnit.SECONDS);
            c.close(); // CLOSE, the peer's CLOSE, then TCP closes
            assertTrue(c.isClosed());
        }
    }

    @ParameterizedTest(name = "mux({0})")
    @ValueSource(strings = {"", GTLSSH})
    void realGensiotClientTalksToOurAccepter(String opts) throws Exception {
        String svcOpts = opts.isEmpty() ? "service=abc" : opts + ",service=abc";
        try (Accepter acc = Gensios.accepter(mux(opts) + ",tcp,127.0.0.1,0");
                ManagedProcess cli = ManagedProcess.start(List.of(RealGensio.gensiot(),
                        "mux(" + svcOpts + "),tcp,127.0.0.1," + acc.port()))) {
            Gensio s = acc.accept().open();
            assertEquals("abc", s.get(Controls.SERVICE).orElseThrow());
            byte[] up = random(300_000, 12);
            OutputStream stdin = cli.stdin();
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
                try {
                    stdin.write(up);
                    stdin.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertArrayEquals(up, readN(s, up.length));
            feeding.get(20, TimeUnit.SECONDS);
            byte[] down = random(300_000, 13);
            s.write(down);
            await().atMost(Duration.ofSeconds(20)).until(() -> cli.outBytes().length >= down.length);
            assertArrayEquals(down, cli.outBytes());
            stdin.close(); // gensiot closes its channel at end of input
            assertEquals(0, readAll(s).length);
            s.close();
            assertEquals(0, cli.waitFor(Duration.ofSeconds(20)), cli.err());
        }
    }

    @Test
    void realGensioClientUsesTwoChannelsAtOnceWithOurServer() throws Exception {
        try (Accepter acc = Gensios.accepter(mux(GTLSSH) + ",tcp,127.0.0.1,0");
                ManagedProcess cli = ManagedProcess.start(PYTHON, peerScript().toString(), "client",
                        mux(GTLSSH) + ",tcp,127.0.0.1," + acc.port(), String.valueOf(2_000_000))) {
            MuxChannel first = (MuxChannel) acc.accept().open();
            MuxChannel second = first.session().acceptChannel(Duration.ofSeconds(20));
            assertEquals("svc2", second.service());
            CompletableFuture<Long> e1 = echo(first);
            CompletableFuture<Long> e2 = echo(second);
            assertEquals(0, cli.waitFor(Duration.ofSeconds(40)), cli.out() + cli.err());
            assertTrue(cli.out().contains("ok"), cli.out());
            assertEquals(2_000_000L, e1.get(10, TimeUnit.SECONDS));
            assertEquals(2_000_000L, e2.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void ourClientUsesTwoChannelsAtOnceWithARealGensioServer() throws Exception {
        int port = FreePort.find();
        try (ManagedProcess srv = ManagedProcess.start(PYTHON, peerScript().toString(), "server",
                mux(GTLSSH) + ",tcp,127.0.0.1," + port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> srv.out().contains("ready"));
            MuxChannel first = (MuxChannel) Gensios.connect(mux(GTLSSH) + ",tcp,127.0.0.1," + port);
            MuxChannel second;
            try {
                second = first.session().openChannel("second");
            } catch (IOException e) {
                throw new AssertionError("real gensio said: " + srv.out() + srv.err(), e);
            }
            byte[] a = random(2_000_000, 14);
            byte[] b = random(2_000_000, 15);
            CompletableFuture<Void> wa = writeAsync(first, a);
            CompletableFuture<Void> wb = writeAsync(second, b);
            CompletableFuture<byte[]> ra = readAsync(first, a.length);
            try {
                assertArrayEquals(b, readN(second, b.length));
                assertArrayEquals(a, ra.get(20, TimeUnit.SECONDS));
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("real gensio said: " + srv.out() + srv.err(), e);
            }
            wa.get(10, TimeUnit.SECONDS);
            wb.get(10, TimeUnit.SECONDS);
            assertTrue(srv.out().contains("new channel"), srv.out());
            second.close();
            first.close();
            assertTrue(first.isClosed());
        }
    }

    static CompletableFuture<byte[]> readAsync(Gensio g, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readN(g, n);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    /** Echoes a channel until the peer closes it; returns the byte count. */
    static CompletableFuture<Long> echo(Gensio g) {
        return CompletableFuture.supplyAsync(() -> {
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
        }, r -> Thread.ofVirtual().start(r));
    }

}
