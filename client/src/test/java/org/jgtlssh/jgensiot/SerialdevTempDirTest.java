package org.jgtlssh.jgensiot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.OurJvm;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jSerialComm leaves nothing in the temp directory. Left alone, jSerialComm 2.11.4 extracts its native
 * library under {@code java.io.tmpdir} and makes a world-writable {@code jSerialComm/<version>} directory
 * there (on a shared machine, a place where another user can plant a library we then load). Our programs
 * point it at the build's copy instead (the launchers' {@code jSerialComm.library.path}, and
 * {@code JSerialCommLoader}). Here jgensiot, in a JVM of its own started as the launcher starts it, opens a
 * serial line (a socat pty pair) and moves bytes both ways with {@code java.io.tmpdir} and {@code TMPDIR}
 * pointing at an empty directory, which must stay empty.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked read of the pty fails, not hangs
class SerialdevTempDirTest {
    private static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void openingASerialLineLeavesTheTempDirectoryEmpty() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        exchangeOverASerialLine(dir, tmp, line -> jgensiot(tmp, line), Map.of("TMPDIR", tmp.toString()));
        assertEquals(List.of(), contents(tmp), "left in java.io.tmpdir");
    }

    /** The check above can fail: without the build's library path, jSerialComm writes into the same place. */
    @Test
    void withoutTheLibraryPathJSerialCommWritesThere() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        // left out, not set to "": with "" jSerialComm extracts into /jSerialComm, at the file system's root
        exchangeOverASerialLine(dir, tmp, line -> jgensiot(tmp, line).stream()
                .filter(w -> !w.startsWith("-DjSerialComm.library.path=")).toList(), Map.of("TMPDIR", tmp.toString()));
        assertFalse(contents(tmp).isEmpty(), "jSerialComm extracted nothing: this test proves nothing any more");
    }

    /**
     * An empty library path is a mistake jSerialComm reads as the file system's root (it would make a
     * world-writable {@code /jSerialComm}); our loader drops it, so the library goes where it would without one.
     */
    @Test
    void anEmptyLibraryPathMakesNothingAtTheRoot() throws Exception {
        Path root = Path.of("/jSerialComm");
        assertFalse(Files.exists(root), "/jSerialComm is already there: remove it first");
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        exchangeOverASerialLine(dir, tmp, line -> jgensiot(tmp, line).stream()
                .map(w -> w.startsWith("-DjSerialComm.library.path=") ? "-DjSerialComm.library.path=" : w).toList(),
                Map.of("TMPDIR", tmp.toString()));
        assertFalse(Files.exists(root), "jSerialComm made /jSerialComm");
    }

    private static List<String> jgensiot(Path tmp, Path line) {
        return OurJvm.command(Jgensiot.class, List.of("-Djava.io.tmpdir=" + tmp), List.of("serialdev," + line + ",115200n81"));
    }

    /**
     * jgensiot ({@code command} for one end of a fresh pty pair) on one end, this test on the other: a line
     * each way, then end of input, and jgensiot exits 0.
     */
    static void exchangeOverASerialLine(Path dir, Path tmp, Function<Path, List<String>> command,
            Map<String, String> env) throws Exception {
        try (SocatPtyPair line = SocatPtyPair.open(dir);
                RandomAccessFile far = new RandomAccessFile(line.b().toFile(), "rw");
                ManagedProcess jg = ManagedProcess.start(command.apply(line.a()), env, dir, true)) {
            OutputStream in = jg.stdin();
            in.write("up\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            byte[] up = new byte[3];
            far.readFully(up); // blocks until jgensiot has the port open and has written
            assertEquals("up\n", new String(up, StandardCharsets.US_ASCII));
            far.write("down\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(EXIT).until(() -> jg.out().contains("down\n") || !jg.isAlive());
            assertEquals("down\n", jg.out(), jg.err());
            in.close();
            assertEquals(0, jg.waitFor(EXIT), jg.err());
        }
        assertTrue(Files.isDirectory(tmp));
    }

    static List<String> contents(Path tmp) throws Exception {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(p -> !p.equals(tmp)).map(p -> tmp.relativize(p).toString()).sorted().toList();
        }
    }
}
