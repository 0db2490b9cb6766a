package org.jgtlssh.gensio.mux;

import static org.awaitility.Awaitility.await;
import static org.jgtlssh.testutil.GensioIo.random;
import static org.jgtlssh.testutil.GensioIo.readAll;
import static org.jgtlssh.testutil.GensioIo.readN;
import static org.jgtlssh.testutil.GensioIo.writeAsync;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.PythonGensioPeer;
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
        try (Accepter acc = Gensios.accepter(mux(GTLSSH) + ",tcp,127.0.0.1,0")) {
            PythonGensioPeer.realClientEchoedByUs(acc, mux(GTLSSH) + ",tcp,127.0.0.1," + acc.port(), 2_000_000,
                    Map.of(), null, first -> {});
        }
    }

    @Test
    void ourClientUsesTwoChannelsAtOnceWithARealGensioServer() throws Exception {
        int port = FreePort.find();
        try (ManagedProcess srv = PythonGensioPeer.server(mux(GTLSSH) + ",tcp,127.0.0.1," + port, Map.of(), null)) {
            MuxChannel first = (MuxChannel) Gensios.connect(mux(GTLSSH) + ",tcp,127.0.0.1," + port);
            PythonGensioPeer.ourClientEchoedByRealServer(srv, first, 2_000_000);
        }
    }
}
