package org.jgtlssh.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A null-modem serial cable for tests: {@code socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B}.
 * Whatever is written to one end is read from the other, 8-bit clean.
 */
public final class SocatPtyPair implements AutoCloseable {
    private final ManagedProcess socat;
    private final Path a;
    private final Path b;

    private SocatPtyPair(ManagedProcess socat, Path a, Path b) {
        this.socat = socat;
        this.a = a;
        this.b = b;
    }

    public static SocatPtyPair open(Path dir) throws IOException, InterruptedException {
        Path a = dir.resolve("ttyA");
        Path b = dir.resolve("ttyB");
        ManagedProcess p = ManagedProcess.start(List.of("socat", "pty,raw,echo=0,link=" + a,
                "pty,raw,echo=0,link=" + b));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.close();
                throw new IOException("socat did not create the pty pair: " + p.err());
            }
            Thread.sleep(10); // polling for a file socat creates; there is no event to wait on
        }
        return new SocatPtyPair(p, a, b);
    }

    public Path a() {
        return a;
    }

    public Path b() {
        return b;
    }

    @Override
    public void close() {
        socat.close();
    }
}
