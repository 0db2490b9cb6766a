package org.jgtlssh.gensio.stdio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdioTest {

    private static String readAll(Gensio g) throws IOException {
        return new String(g.inputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aProgramRoundTripWithHalfCloseAndExitCode() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        try (Gensio g = Gensios.connect("stdio,cat")) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    g.write(data);
                    g.closeWrite(); // cat sees EOF on its stdin, finishes, exits
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertArrayEquals(data, g.inputStream().readAllBytes());
            writer.join();
            assertEquals(Optional.of(0), g.get(Controls.EXIT_CODE));
        }
    }

    @Test
    void exitCodeOfAFailingProgram() throws Exception {
        try (Gensio g = Gensios.connect("stdio,sh -c 'echo bye; exit 3'")) {
            assertEquals("bye\n", readAll(g));
            assertEquals(Optional.of(3), g.get(Controls.EXIT_CODE));
        }
    }

    @Test
    void quotingKeepsWordsTogether() throws Exception {
        // spec §6 example 15
        try (Gensio g = Gensios.connect("stdio,sh -c 'printf \"[%s]\" a,b; cat'")) {
            g.write("tail".getBytes());
            g.closeWrite();
            assertEquals("[a,b]tail", readAll(g));
        }
    }

    @Test
    void stderrIsDroppedByDefaultAndFoldedInOnRequest() throws Exception {
        try (Gensio g = Gensios.connect("stdio,sh -c 'echo out; echo err >&2'")) {
            assertEquals("out\n", readAll(g));
        }
        // spec §6 example 14
        try (Gensio g = Gensios.connect("stdio(stderr-to-stdout),sh -c \"cat >&2\"")) {
            g.write("via stderr".getBytes());
            g.closeWrite();
            assertEquals("via stderr", readAll(g));
        }
    }

    @Test
    void startDirSetsTheProgramsWorkingDirectory(@TempDir Path dir) throws Exception {
        try (Gensio g = Gensios.connect("stdio(start-dir=" + dir + "),pwd")) {
            assertEquals(dir.toRealPath() + "\n", readAll(g));
        }
    }

    @Test
    void aMissingProgramIsReportedWithItsName() {
        GensioException e = assertThrows(GensioException.class, () -> Gensios.connect("stdio,/no/such/prog -x"));
        assertTrue(e.getMessage().startsWith("stdio,/no/such/prog -x: cannot run /no/such/prog"), e.getMessage());
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingRuns() {
        assertThrows(StackSyntaxException.class, () -> Gensios.connect("stdio"));
        assertThrows(StackSyntaxException.class, () -> Gensios.connect("stdio(self),cat"));
        assertThrows(StackSyntaxException.class, () -> Gensios.connect("stdio(bogus),cat"));
        assertThrows(StackSyntaxException.class, () -> Gensios.connect("stdio,'unterminated"));
    }

    @Test
    void rawModeOnAPipeFailsClearly() {
        // the test JVM's stdin is a pipe from surefire, never a terminal
        GensioException e = assertThrows(GensioException.class, () -> Gensios.connect("stdio(self,raw)"));
        assertTrue(e.getMessage().contains("stdin is not a terminal"), e.getMessage());
    }

    @Test
    void closeWhileAReadIsBlockedEndsTheReadAndTheProgram() throws Exception {
        Gensio g = Gensios.connect("stdio,sleep 60");
        CompletableFuture<Integer> read = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                read.complete(g.read(new byte[10], 0, 10));
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.getState() == Thread.State.WAITING);
        g.close();
        assertEquals(-1, (int) read.get());
        assertTrue(g.get(Controls.EXIT_CODE).isPresent(), "the program was ended");
    }

    @Test
    void aStoppedReaderStopsTheProgramAndMemoryStaysBounded() throws Exception {
        try (Gensio g = Gensios.connect("stdio,cat")) {
            long total = 64L << 20;
            AtomicLong written = new AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (long off = 0; off < total; off += chunk.length) {
                        for (int i = 0; i < chunk.length; i++) {
                            chunk[i] = (byte) (off + i);
                        }
                        g.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                    g.closeWrite();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // nobody reads: pump buffer full, pipes full, cat blocked, our writer blocked
            awaitStall(written);
            assertTrue(written.get() < 4 << 20, "written " + written.get() + " with no reader");
            long got = 0;
            byte[] buf = new byte[65536];
            int n;
            while ((n = g.read(buf, 0, buf.length)) >= 0) {
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

    static void awaitStall(AtomicLong counter) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = counter.get();
            boolean same = now == last[0] && now > 0;
            last[0] = now;
            return same;
        });
    }
}
