package org.jgtlssh.testutil;

import static org.awaitility.Awaitility.await;
import static org.jgtlssh.testutil.GensioIo.random;
import static org.jgtlssh.testutil.GensioIo.readAsync;
import static org.jgtlssh.testutil.GensioIo.readN;
import static org.jgtlssh.testutil.GensioIo.writeAsync;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.mux.MuxChannel;

/**
 * The real gensio 2.6.2 as a two-channel mux peer, through Debian's python3-gensio bindings running
 * {@code gensio_peer.py} (a test resource beside this class). gensiot opens one channel only; this peer
 * opens a second one and moves data both ways on both at once, which is what gtlssh does. One scenario per
 * role, so that every stack (plain mux, mux over certauth over ssl) runs the same checks.
 */
public final class PythonGensioPeer {
    /** Debian's python, where python3-gensio lives (not whatever python3 comes first on PATH). */
    public static final String PYTHON = "/usr/bin/python3";

    private PythonGensioPeer() {}

    public static Path script() {
        try {
            return Path.of(PythonGensioPeer.class.getResource("gensio_peer.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the peer as an echo server on {@code stack} and waits until it listens. */
    public static ManagedProcess server(String stack, Map<String, String> env, Path dir) throws IOException {
        ManagedProcess srv = ManagedProcess.start(List.of(PYTHON, script().toString(), "server", stack), env, dir, true);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> srv.out().contains("ready") || !srv.isAlive());
        } catch (RuntimeException e) {
            srv.close();
            throw e;
        }
        return srv;
    }

    /**
     * The real client connects to {@code acc} with {@code connectorStack}, opens a second channel "svc2"
     * and sends {@code n} bytes on both at once; we echo both channels; the peer checks the echoes.
     *
     * @param checkFirst more checks on our first channel, right after its server handshake
     */
    public static void realClientEchoedByUs(Accepter acc, String connectorStack, int n, Map<String, String> env,
            Path dir, Consumer<MuxChannel> checkFirst) throws Exception {
        try (ManagedProcess cli = ManagedProcess.start(List.of(PYTHON, script().toString(), "client", connectorStack,
                String.valueOf(n)), env, dir, true)) {
            MuxChannel first = (MuxChannel) acc.accept().open();
            checkFirst.accept(first);
            MuxChannel second = first.session().acceptChannel(Duration.ofSeconds(30));
            assertEquals("svc2", second.service());
            CompletableFuture<Long> e1 = echo(first);
            CompletableFuture<Long> e2 = echo(second);
            assertEquals(0, cli.waitFor(Duration.ofSeconds(60)), cli.out() + cli.err());
            assertTrue(cli.out().contains("ok"), cli.out());
            assertEquals((long) n, e1.get(10, TimeUnit.SECONDS));
            assertEquals((long) n, e2.get(10, TimeUnit.SECONDS));
        }
    }

    /**
     * Our client, already connected on {@code first} to a real {@link #server}, opens a second channel and
     * sends {@code n} random bytes on both at once; both come back unchanged; both close in order.
     */
    public static void ourClientEchoedByRealServer(ManagedProcess srv, MuxChannel first, int n) throws Exception {
        MuxChannel second;
        try {
            second = first.session().openChannel("second");
        } catch (IOException e) {
            throw new AssertionError("real gensio said: " + srv.out() + srv.err(), e);
        }
        byte[] a = random(n, 14);
        byte[] b = random(n, 15);
        CompletableFuture<Void> wa = writeAsync(first, a);
        CompletableFuture<Void> wb = writeAsync(second, b);
        CompletableFuture<byte[]> ra = readAsync(first, n);
        try {
            assertArrayEquals(b, readN(second, n));
            assertArrayEquals(a, ra.get(30, TimeUnit.SECONDS));
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

    /** Echoes a channel until the peer closes it, then closes it; returns the byte count. */
    private static CompletableFuture<Long> echo(Gensio g) {
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
