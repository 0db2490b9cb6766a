package org.jgtlssh.usecases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Use case 2: shell access over an unreliable serial line. A personal jgtlsshd serves only {@code
 * conacc,relpkt(mode=server),msgdelim,serialdev,ttyB,115200n81}; the user runs {@code jgtlssh
 * --transport 'relpkt,msgdelim,serialdev,ttyA,115200n81' root@serialbox CMD}; lossy-link.py between
 * the two ptys runs at 115200 baud and drops and corrupts bytes. TLS, certificate login, the remote
 * command's output and its exit status must all come through whole, and data sent to a second
 * session's stdin too.
 */
class SerialLoginIT {
    private static final String HOST = "serialbox";

    @TempDir
    Path dir;

    @Test
    void certificateLoginsRunCommandsWithExactDataBothWaysAndExitStatusOverALossyLine() throws Exception {
        PersonalServer s = PersonalServer.create(dir);
        s.keygen("--force", "setup");
        s.allowDirectly(s.clientDir().resolve("default.crt"), "serial-user");
        try (LossyLink link = LossyLink.open(dir, 115200, 1e-3, 17);
                ManagedProcess server = s.start(
                        "conacc,relpkt(mode=server),msgdelim,serialdev," + link.b() + ",115200n81")) {
            Scenario.awaitDeviceOpen(server, link.b());
            // The client names its trust files after the name typed with the default port (852, also
            // with --transport) and after the transport's address, '/' made '-' as gtlssh does.
            s.trustServerAs(HOST + ",852",
                    "serialdev," + link.a().toString().replace('/', '-') + ",115200N81");
            // about 9 KB of output back over the line: some of it is damaged on the way at 1e-3
            try (ManagedProcess client = s.run("jgtlssh", List.of("--nointeractive",
                    "--transport", "relpkt,msgdelim,serialdev," + link.a() + ",115200n81",
                    "root@" + HOST, "sh", "-c", "seq 1 2000; echo to-stderr >&2; exit 7"))) {
                client.stdin().close();
                assertEquals(7, client.waitFor(PersonalServer.COMMAND), client.err());
                String want = IntStream.rangeClosed(1, 2000).mapToObj(Integer::toString)
                        .collect(Collectors.joining("\n", "", "\n"));
                assertArrayEquals(want.getBytes(StandardCharsets.US_ASCII), client.outBytes(),
                        "the command's output was damaged, cut or reordered");
                assertTrue(client.err().contains("to-stderr"), client.err());
            }
            // a second login on the same line (conacc accepts again once the first session ended),
            // this time data the other way: 16 KB on stdin, its end passed on, hashed remotely
            byte[] data = new byte[16 * 1024];
            new Random(5).nextBytes(data);
            try (ManagedProcess client = s.run("jgtlssh", List.of("--nointeractive",
                    "--transport", "relpkt,msgdelim,serialdev," + link.a() + ",115200n81",
                    "root@" + HOST, "sha256sum"))) {
                client.stdin().write(data);
                client.stdin().close();
                assertEquals(0, client.waitFor(PersonalServer.COMMAND), client.err());
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
                assertEquals(sha + "  -\n", client.out(), client.err());
            }
            assertTrue(server.err().contains("method=certificate") && server.err().contains("result=accepted"),
                    server.err());
            assertTrue(link.stop() > 0, "the line damaged no byte: the test proved nothing about relpkt");
        }
    }

    @Test
    void anInteractiveShellAtATerminalOverALossyLine() throws Exception {
        PersonalServer s = PersonalServer.create(dir);
        s.keygen("--force", "setup");
        s.allowDirectly(s.clientDir().resolve("default.crt"), "serial-user");
        try (LossyLink link = LossyLink.open(dir, 115200, 1e-3, 23);
                ManagedProcess server = s.start(
                        "conacc,relpkt(mode=server),msgdelim,serialdev," + link.b() + ",115200n81")) {
            Scenario.awaitDeviceOpen(server, link.b());
            s.trustServerAs(HOST + ",852", "serialdev," + link.a().toString().replace('/', '-') + ",115200N81");
            // the user at a terminal of their own (a pty), as a person runs jgtlssh
            Path user = dir.resolve("user.sh");
            Files.writeString(user, "#!/bin/sh\nHOME=" + Scenario.shQuote(s.home.toString()) + " "
                    + Scenario.shQuote(TestPaths.bin("jgtlssh").toString()) + " --nointeractive --transport "
                    + Scenario.shQuote("relpkt,msgdelim,serialdev," + link.a() + ",115200n81") + " root@" + HOST
                    + "\necho client-exit=$?\n");
            Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rwx------"));
            try (Gensio term = Gensios.connect("pty," + user)) {
                // type only once the remote shell prompts: the client's switch to raw mode drops earlier input
                readUntil(term, out -> out.stripTrailing().endsWith("#") || out.stripTrailing().endsWith("$"));
                term.write("tty; echo hello-$((6*7)); exit 5\n".getBytes(StandardCharsets.US_ASCII));
                String out = readUntil(term, o -> o.contains("client-exit="));
                assertTrue(out.contains("hello-42\r\n"), out);
                assertTrue(out.contains("/dev/pts/"), "the remote shell has no terminal: " + out);
                assertTrue(out.contains("client-exit=5"), out);
            }
            assertTrue(link.stop() > 0, "the line damaged no byte: the test proved nothing about relpkt");
        }
    }

    /** Reads until the text read so far satisfies {@code done}; the end of the pty or the time limit fails. */
    private static String readUntil(Gensio g, Predicate<String> done) throws IOException {
        ByteArrayOutputStream acc = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(PersonalServer.COMMAND.toMillis()); // a time limit, not a wait for a condition
                g.abort();
            } catch (InterruptedException ignored) {
                // done in time
            }
        });
        try {
            while (!done.test(acc.toString(StandardCharsets.UTF_8))) {
                int n = g.read(b, 0, b.length);
                if (n < 0) {
                    throw new AssertionError("the terminal ended; it showed: " + acc.toString(StandardCharsets.UTF_8));
                }
                acc.write(b, 0, n);
            }
        } catch (IOException e) {
            throw new AssertionError("the terminal failed (time limit?); it showed: " + acc.toString(StandardCharsets.UTF_8), e);
        } finally {
            watchdog.interrupt();
        }
        return acc.toString(StandardCharsets.UTF_8);
    }
}
