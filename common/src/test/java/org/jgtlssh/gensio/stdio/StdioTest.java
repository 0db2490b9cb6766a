package org.jgtlssh.gensio.stdio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.jgtlssh.testutil.StreamScenarios;
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
        StreamScenarios.closeEndsABlockedRead(g);
        assertTrue(g.get(Controls.EXIT_CODE).isPresent(), "the program was ended");
    }

    @Test
    void aStoppedReaderStopsTheProgramAndMemoryStaysBounded() throws Exception {
        try (Gensio g = Gensios.connect("stdio,cat")) {
            // nobody reads: pump buffer full, pipes full, cat blocked, our writer blocked
            StreamScenarios.stoppedReaderBlocksWriterAndNothingIsLost(g, g, 64L << 20, 4L << 20);
        }
    }
}
