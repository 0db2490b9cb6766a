package org.jgtlssh.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Use case 4: a reliable shell over a serial line without TLS. The far side runs {@code jgensiot -i
 * 'pty,bash' -a 'conacc,relpkt(mode=server),msgdelim,serialdev,ttyB,115200n81'}, the user {@code
 * jgensiot relpkt,msgdelim,serialdev,ttyA,115200n81} at a terminal (a pty of its own, as a person
 * runs it); lossy-link.py at 115200 baud drops and corrupts bytes between them.
 */
class SerialShellIT {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void commandOutputArrivesWholeAndInOrderOverALossyLine() throws Exception {
        try (LossyLink link = LossyLink.open(dir, 115200, 1e-3, 21);
                ManagedProcess far = Scenario.jgensiot("-i", "pty,bash --norc --noprofile", "-a",
                        "conacc,relpkt(mode=server),msgdelim,serialdev," + link.b() + ",115200n81")) {
            Scenario.awaitDeviceOpen(far, link.b());
            Path user = dir.resolve("user.sh");
            Files.writeString(user, "#!/bin/sh\nexec " + Scenario.shQuote(Scenario.jgensiot()) + " "
                    + Scenario.shQuote("relpkt,msgdelim,serialdev," + link.a() + ",115200n81") + "\n");
            Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rwx------"));
            try (Gensio term = Gensios.connect("pty," + user)) {
                // about 14 KB of output: at 115200 baud and a 1e-3 fault rate, some bytes are damaged
                term.write("echo hello$((6*7)); seq 1 3000; echo done-$((50+8))\n".getBytes(StandardCharsets.US_ASCII));
                String out = readUntil(term, "done-58");
                assertTrue(out.contains("hello42\r\n"), out);
                // the far pty turns each \n into \r\n; every line must be there, in order, undamaged
                String lines = IntStream.rangeClosed(1, 3000).mapToObj(Integer::toString)
                        .collect(Collectors.joining("\r\n", "\r\n", "\r\n"));
                assertTrue(out.contains(lines), "seq output damaged or reordered");
                // leaving the shell ends the far side's pty, which closes the line: both ends exit
                term.write("exit\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(0, far.waitFor(EXIT), far.err());
                // the user's jgensiot ends with the remote side (relpkt's CLOSE, or its dead-peer
                // timeout should the one CLOSE be lost on this line), and so does its pty
                readToEnd(term);
            }
            assertTrue(link.stop() > 0, "the line damaged no byte: the test proved nothing about relpkt");
        }
    }

    /** Reads until the text appears; the pty's end or the time limit fails the test with what came. */
    private static String readUntil(Gensio g, String want) throws IOException {
        ByteArrayOutputStream acc = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        long deadline = System.nanoTime() + EXIT.toNanos();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(EXIT.toMillis()); // a time limit, not a wait for a condition
                g.abort();
            } catch (InterruptedException ignored) {
                // done in time
            }
        });
        try {
            while (!acc.toString(StandardCharsets.UTF_8).contains(want)) {
                int n = g.read(b, 0, b.length);
                if (n < 0 || System.nanoTime() > deadline) {
                    throw new AssertionError("no \"" + want + "\" in: " + acc.toString(StandardCharsets.UTF_8));
                }
                acc.write(b, 0, n);
            }
        } finally {
            watchdog.interrupt();
        }
        return acc.toString(StandardCharsets.UTF_8);
    }

    /** Reads to the end of stream; fails if it does not come within the time limit. */
    private static void readToEnd(Gensio g) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(EXIT.toMillis()); // a time limit, not a wait for a condition
                timedOut.set(true);
                g.abort();
            } catch (InterruptedException ignored) {
                // ended in time
            }
        });
        try {
            byte[] b = new byte[4096];
            while (g.read(b, 0, b.length) >= 0) {
                // drain the prompt and "exit"
            }
        } catch (IOException e) {
            if (!timedOut.get()) {
                throw e;
            }
        } finally {
            watchdog.interrupt();
        }
        assertFalse(timedOut.get(), "the user's jgensiot did not end with the remote side within " + EXIT);
    }
}
