package org.jgtlssh.gensio.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.junit.jupiter.api.Test;

/** A tcp writer blocks while its peer does not read; when reading resumes every byte arrives intact. */
class TcpBackPressureTest {

    @Test
    void aStoppedReaderBlocksTheWriterAndNothingIsLost() throws Exception {
        try (Accepter acc = Gensios.accepter("tcp,ipv4,127.0.0.1,0")) {
            Gensio c = Gensios.connect("tcp,127.0.0.1," + acc.port());
            try (c; Gensio s = acc.accept().open()) {
                long total = 256L << 20;
                AtomicLong written = new AtomicLong();
                Thread writer = Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        for (long off = 0; off < total; off += chunk.length) {
                            for (int i = 0; i < chunk.length; i++) {
                                chunk[i] = (byte) (off + i);
                            }
                            c.write(chunk);
                            written.addAndGet(chunk.length);
                        }
                        c.closeWrite();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                // nobody reads: only the kernel's socket buffers fill (a few MiB), then the writer waits
                long[] last = {-1};
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    long now = written.get();
                    boolean same = now == last[0] && now > 0;
                    last[0] = now;
                    return same;
                });
                assertTrue(written.get() < 64L << 20, "written " + written.get() + " with no reader");
                assertTrue(writer.isAlive());
                byte[] buf = new byte[65536];
                long got = 0;
                int n;
                while ((n = s.read(buf, 0, buf.length)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != (byte) (got + i)) {
                            throw new AssertionError("byte " + (got + i) + " corrupted");
                        }
                    }
                    got += n;
                }
                writer.join();
                assertEquals(total, got);
            }
        }
    }
}
