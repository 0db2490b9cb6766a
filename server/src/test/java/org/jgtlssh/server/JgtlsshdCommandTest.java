package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks and the command line, through picocli's execute() with captured output. */
class JgtlsshdCommandTest {
    @TempDir
    Path dir;

    private String[] runOut(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Jgtlsshd.run(args, new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {String.valueOf(rc), out.toString(), err.toString()};
    }

    @Test
    void missingKeyNamesTheKeygenCommand() {
        String[] r = runOut("-h", dir.resolve("none.key").toString(), "-c", dir.resolve("none.crt").toString(), "-p", "0");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("not found; create them with: jgtlssh-keygen --keydir " + dir + " serverkey"), r[2]);
    }

    @Test
    void keyReadableByOthersIsRefused() throws Exception {
        Path key = Files.writeString(dir.resolve("k.key"), "x");
        Path crt = Files.writeString(dir.resolve("k.crt"), "x");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        int uid = Passwd.effectiveUid();
        assertTrue(Jgtlsshd.checkKeyFiles(key, crt, uid).contains("accessible by others; fix it with: chmod 600"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertNull(Jgtlsshd.checkKeyFiles(key, crt, uid));
        assertTrue(Jgtlsshd.checkKeyFiles(key, crt, uid + 1).contains("must be owned by the user running jgtlsshd"));
    }

    @Test
    void helpAndVersion() {
        String[] r = runOut("--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("--other-acc") && r[1].contains("--permit-root") && r[1].contains("-h, --keyfile"), r[1]);
        r = runOut("--version");
        assertTrue(r[1].startsWith("jgtlsshd "), r[1]);
    }

    /**
     * The AOT training run is the start-up warm-up: a whole login (TLS, certauth, the login policy, mux,
     * a {@code cat} session echoing 1 KB with every extension) over an in-memory pipe, then a pty spawn.
     * It fails loudly when any part does not work, and leaves nothing behind in the temporary directory.
     */
    @Test
    void warmUpDoesAWholeLoginInMemory() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var l = Files.list(tmp)) {
            before = l.filter(p -> p.getFileName().toString().startsWith("jgtlsshd-")).count();
        }
        String[] r = runOut("--warm-up-only", "-d");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("warm-up training done") && !r[2].contains("failed"), r[2]);
        try (var l = Files.list(tmp)) {
            assertEquals(before, l.filter(p -> p.getFileName().toString().startsWith("jgtlsshd-")).count());
        }
    }

    @Test
    void conflictingOptionsAreRefused() {
        assertEquals("2", runOut("-4", "-6")[0]);
        assertEquals("2", runOut("--notcp")[0]);
    }
}
