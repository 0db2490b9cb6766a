package org.jgtlssh.gensio.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.Test;

/**
 * Our tcp layer against Debian's real gensiot 2.6.2, both roles, 10 MB of random data each way at
 * the same time, byte-exact.
 */
class TcpGensiotInteropTest {
    private static final int SIZE = 10 * 1000 * 1000;

    @Test
    void oursListensGensiotConnects() throws Exception {
        try (Accepter acc = Gensios.accepter("tcp,ipv4,127.0.0.1,0");
                ManagedProcess gensiot = ManagedProcess.start(
                        List.of(RealGensio.gensiot(), "-i", "stdio(self)", "tcp,127.0.0.1," + acc.port()))) {
            try (Gensio g = acc.accept().open()) {
                exchange(g, gensiot);
            }
        }
    }

    @Test
    void gensiotListensOursConnects() throws Exception {
        int port = FreePort.find();
        try (ManagedProcess gensiot = ManagedProcess.start(
                List.of(RealGensio.gensiot(), "-i", "stdio(self)", "-a", "tcp,127.0.0.1," + port))) {
            Gensio g = await().atMost(Duration.ofSeconds(10)).ignoreException(GensioException.class)
                    .until(connect("tcp,127.0.0.1," + port), x -> x != null);
            try (g) {
                exchange(g, gensiot);
            }
        }
    }

    private static Callable<Gensio> connect(String stack) {
        return () -> Gensios.connect(stack);
    }

    /** Sends A to gensiot (which prints it) while gensiot sends B (its stdin) to us; checks both. */
    private static void exchange(Gensio g, ManagedProcess gensiot) throws Exception {
        byte[] a = new byte[SIZE];
        byte[] b = new byte[SIZE];
        new Random(10).nextBytes(a);
        new Random(11).nextBytes(b);
        OutputStream toGensiot = gensiot.stdin();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try {
                toGensiot.write(b);
                toGensiot.flush(); // stdin stays open: gensiot 2.6.2 drops everything at stdin EOF
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                g.write(a);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] got = new byte[SIZE];
        int off = 0;
        while (off < SIZE) {
            int n = g.read(got, off, SIZE - off);
            if (n < 0) {
                throw new AssertionError("EOF after " + off + " bytes; gensiot said: " + gensiot.err());
            }
            off += n;
        }
        sender.join();
        feeder.join();
        await().atMost(Duration.ofSeconds(30)).until(() -> gensiot.outBytes().length >= SIZE);
        assertArrayEquals(b, got, "gensiot -> ours");
        assertArrayEquals(a, gensiot.outBytes(), "ours -> gensiot");
    }
}
