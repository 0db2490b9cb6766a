package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JgtlsshOptionsTest {
    @TempDir
    Path home;

    private Jgtlssh.Environment env(boolean tty) {
        return new Jgtlssh.Environment(home, "alice", Map.of("TERM", "xterm-256color"), tty);
    }

    @Test
    void defaultsLikeGtlssh() {
        ClientOptions o = Jgtlssh.parse(env(true), "box");
        assertEquals("alice", o.user());
        assertEquals("box", o.host());
        assertEquals(852, o.port());
        assertTrue(o.login());
        assertTrue(o.interactive());
        assertTrue(o.mux());
        assertTrue(o.prompting());
        assertEquals(EscapeMachine.DEFAULT_ESCAPE, o.escape());
        assertEquals(home.resolve(".gtlssh/server_certs"), o.caDir());
        assertNull(o.transport());
        assertEquals("xterm-256color", o.terminalType());
    }

    @Test
    void everythingAfterTheHostBelongsToTheProgram() {
        ClientOptions o = Jgtlssh.parse(env(true), "-p", "9000", "bob@x@box", "ls", "-l", "-p", "--", "a b");
        assertEquals("bob@x", o.user(), "the last @ separates user and host");
        assertEquals("box", o.host());
        assertEquals(9000, o.port());
        assertEquals(List.of("ls", "-l", "-p", "--", "a b"), o.program());
        assertFalse(o.interactive(), "a program means no raw terminal (gtlssh)");
        assertEquals(EscapeMachine.DISABLED, o.escape());

        o = Jgtlssh.parse(env(false), "--", "box", "echo");
        assertEquals(List.of("echo"), o.program());
    }

    @Test
    void escapeCharOptions() {
        assertEquals(0x1d, Jgtlssh.parse(env(true), "-e", "^]", "box").escape());
        assertEquals(EscapeMachine.DISABLED, Jgtlssh.parse(env(true), "-e", "-1", "box").escape());
        assertEquals(EscapeMachine.DISABLED, Jgtlssh.parse(env(false), "box").escape(), "off without a terminal");
    }

    @Test
    void ttyForcingAndRefusing() {
        assertTrue(Jgtlssh.parse(env(true), "-t", "box", "top").interactive());
        assertFalse(Jgtlssh.parse(env(true), "-T", "box").interactive());
        assertThrows(IllegalArgumentException.class, () -> Jgtlssh.parse(env(false), "-t", "box"));
        assertThrows(IllegalArgumentException.class, () -> Jgtlssh.parse(env(true), "-t", "-T", "box"));
    }

    @Test
    void configFileAndDashOWithCommandLinePrecedence() throws Exception {
        Files.createDirectories(home.resolve(".gtlssh"));
        Files.writeString(home.resolve(".gtlssh/config"), """
                Host box
                    port 7000
                    user carol
                    keyfile ~/.gtlssh/keycerts/special.key
                    hostname 127.0.0.1
                    transport relpkt,msgdelim,serialdev,/dev/ttyS0,115200n81
                """);
        ClientOptions o = Jgtlssh.parse(env(false), "box");
        assertEquals(7000, o.port());
        assertEquals("carol", o.user());
        assertEquals(home.resolve(".gtlssh/keycerts/special.key"), o.keyfile());
        assertEquals("127.0.0.1", o.connectHost());
        assertEquals("box", o.host(), "trust files keep the name as typed");
        assertEquals("relpkt,msgdelim,serialdev,/dev/ttyS0,115200n81", o.transport());

        o = Jgtlssh.parse(env(false), "-o", "port=7100", "-o", "user=dave", "box");
        assertEquals(7100, o.port());
        assertEquals("dave", o.user());
        o = Jgtlssh.parse(env(false), "-p", "7200", "-o", "port=7100", "erin@box");
        assertEquals(7200, o.port());
        assertEquals("erin", o.user());
    }

    @Test
    void forwardingAndConflicts() {
        ClientOptions o = Jgtlssh.parse(env(false), "-L", "8080:localhost:80", "-L", "/tmp/a:/tmp/b",
                "-R", "127.0.0.1:9366:localhost:9363", "box");
        assertEquals(2, o.local().size());
        assertEquals("tcp,127.0.0.1,9366", o.remote().get(0).accept());
        assertThrows(IllegalArgumentException.class, () -> Jgtlssh.parse(env(false), "--nomux", "-L", "1:h:2", "box"));
        assertThrows(IllegalArgumentException.class, () -> Jgtlssh.parse(env(false), "-4", "-6", "box"));
        assertThrows(IllegalArgumentException.class, () -> Jgtlssh.parse(env(false), "-L", "bad", "box"));
    }

    @Test
    void usageErrorsExit255AndNeverTouchStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(ExitCodes.FAILURE, Jgtlssh.run(new String[] {"--bogus", "box"}, o, e));
        assertEquals(ExitCodes.FAILURE, Jgtlssh.run(new String[] {}, o, e));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option: '--bogus'"), err.toString());

        assertEquals(0, Jgtlssh.run(new String[] {"--version"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("jgtlssh "));
        out.reset();
        assertEquals(0, Jgtlssh.run(new String[] {"--help"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--transport"));
    }
}
