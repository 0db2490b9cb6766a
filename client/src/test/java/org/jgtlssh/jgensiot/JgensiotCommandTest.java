package org.jgtlssh.jgensiot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line through picocli's execute(), with captured output: refusals before anything opens. */
class JgensiotCommandTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final StringWriter usage = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Jgensiot(new PrintStream(errBytes, true, StandardCharsets.UTF_8)));
        cl.setErr(new PrintWriter(usage));
        cl.setOut(new PrintWriter(usage));
        return cl.execute(args);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBadStackIsRefusedWithItsPositionAndProblem() {
        assertEquals(1, run("-i", "stdio(self)", "bogus,1"));
        assertEquals("jgensiot: at position 0: unknown gensio type 'bogus'\n", err());
    }

    @Test
    void aBadIo1IsRefusedBeforeIo2Opens() {
        assertEquals(1, run("-i", "stdio(nosuch)", "tcp,127.0.0.1,1"));
        assertTrue(err().startsWith("jgensiot: stdio: unknown option 'nosuch'"), err());
    }

    @Test
    void anAccepterOnlyLayerNeedsMinusA() {
        assertEquals(1, run("-i", "stdio(self)", "conacc,stdio,cat"));
        assertTrue(err().contains("conacc is an accepter only"), err());
    }

    @Test
    void serverNeedsAnAccepter() {
        assertEquals(1, run("--server", "-i", "stdio,cat", "tcp,127.0.0.1,1"));
        assertEquals("jgensiot: --server needs -a\n", err());
    }

    @Test
    void aRefusedConnectionNamesTheStack() {
        assertEquals(1, run("-i", "stdio,cat", "tcp,127.0.0.1,1"));
        assertEquals("jgensiot: tcp,127.0.0.1,1: connection refused\n", err());
    }

    @Test
    void controlCharactersInMessagesNeverReachTheTerminal() {
        assertEquals("peer said \\x1b[2Jhi\\x07\\x9b", Jgensiot.printable("peer said \u001b[2Jhi\u0007\u009b"));
        assertEquals("caf\u00e9 ok", Jgensiot.printable("caf\u00e9 ok"));
    }

    @Test
    void helpListsTheGensiotOptions() {
        assertEquals(0, run("--help"));
        for (String opt : new String[] {"-i, --input", "-a, --accepter", "--server", "-p, --printacc", "-e, --escchar"}) {
            assertTrue(usage.toString().contains(opt), opt);
        }
    }
}
