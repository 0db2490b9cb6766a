package org.jgtlssh.gensio.pty;

import static org.awaitility.Awaitility.await;
import static org.jgtlssh.testutil.GensioIo.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.jgtlssh.testutil.StreamScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtyTest {

    private static String readToEnd(Gensio g) throws IOException {
        return new String(g.inputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aShellOnAPtyEchoesResizesAndReportsItsExitCode() throws Exception {
        try (Gensio g = Gensios.connect("pty,/bin/sh")) {
            assertTrue(g.localAddress().startsWith("/dev/pts/"), g.localAddress());
            g.set(Controls.WINDOW_SIZE, new WindowSize(43, 132));
            assertEquals(Optional.of(new WindowSize(43, 132)), g.get(Controls.WINDOW_SIZE));
            g.write("test -t 0 && echo TTY$((40+2)); stty size; exit 7\n".getBytes());
            String out = readToEnd(g);
            assertTrue(out.contains("TTY42"), out);
            assertTrue(out.contains("43 132"), out);
            assertEquals(Optional.of(7), g.get(Controls.EXIT_CODE));
        }
    }

    @Test
    void aLeadingDashMakesALoginShellArgv0() throws Exception {
        // spec §6 example 17: exec /bin/sh with argv[0] "-/bin/sh"
        try (Gensio g = Gensios.connect("pty,-/bin/sh -c 'echo \"zero=$0\"'")) {
            assertTrue(readToEnd(g).contains("zero=-/bin/sh"));
        }
    }

    @Test
    void rawModeIsSetBeforeTheProgramRuns() throws Exception {
        try (Gensio g = Gensios.connect("pty(raw),stty -a")) {
            String out = readToEnd(g);
            assertTrue(out.contains("-icanon") && out.contains("-echo ") && out.contains("-isig"), out);
        }
        try (Gensio g = Gensios.connect("pty,stty -a")) {
            String out = readToEnd(g);
            assertTrue(out.contains(" icanon") && out.contains(" echo "), out);
        }
    }

    @Test
    void theEnvironmentCanBeGivenThroughTheOpenContext() throws Exception {
        OpenContext ctx = OpenContext.DEFAULT.with(PtyFactory.ENVIRONMENT,
                Map.of("PATH", "/usr/bin:/bin", "JGT_GREETING", "from-context"));
        try (Gensio g = Gensios.connect("pty,/bin/sh -c 'echo \"$JGT_GREETING:$HOME\"'", ctx)) {
            assertTrue(readToEnd(g).contains("from-context:\r"), "only the given variables are set");
        }
    }

    @Test
    void closeWriteTypesEofOnACookedTerminalAndOutputStillArrives() throws Exception {
        try (Gensio g = Gensios.connect("pty,sh -c 'cat; echo after-eof'")) {
            g.write("partial".getBytes()); // an unfinished line: one EOF ends the line, the next ends input
            g.closeWrite();
            String out = readToEnd(g);
            assertTrue(out.contains("partial") && out.contains("after-eof"), out);
            assertEquals(Optional.of(0), g.get(Controls.EXIT_CODE));
        }
        try (Gensio g = Gensios.connect("pty(raw),sh -c 'echo ready; exec cat'")) {
            readUntil(g, "ready"); // printed once stty has made the terminal raw
            assertThrows(UnsupportedOperationException.class, g::closeWrite, "raw: no EOF character");
        }
    }

    @Test
    void ptyIsAConnectorOnly() {
        assertThrows(StackSyntaxException.class, () -> Gensios.accepter("pty,/bin/sh"));
    }

    @Test
    void aPtyWithoutAProgramIsReachedThroughItsLink(@TempDir Path dir) throws Exception {
        // spec §6 #18: conacc,pty(link=...,raw); openers may come and go, the pty stays up
        Path link = dir.resolve("ptyl");
        try (Accepter acc = Gensios.accepter("conacc,pty(link=" + link + ",raw)")) {
            try (Gensio master = acc.accept().open()) {
                assertTrue(Files.isSymbolicLink(link));
                assertEquals(master.localAddress(), Files.readSymbolicLink(link).toString());
                for (String round : List.of("one", "two")) {
                    try (RandomAccessFile user = new RandomAccessFile(link.toFile(), "rw")) {
                        user.write((round + "\u0003\n").getBytes(StandardCharsets.ISO_8859_1)); // raw: ^C and \n pass as-is
                        byte[] got = new byte[round.length() + 2];
                        int off = 0;
                        while (off < got.length) {
                            off += master.read(got, off, got.length - off);
                        }
                        assertEquals(round + "\u0003\n", new String(got, StandardCharsets.ISO_8859_1));
                        master.write("back".getBytes());
                        byte[] b = new byte[4];
                        user.readFully(b);
                        assertEquals("back", new String(b));
                    }
                }
            }
            assertTrue(!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link goes with the pty");
        }
    }

    @Test
    void closeWhileAReadIsBlockedEndsTheReadAndTheProgram() throws Exception {
        Gensio g = Gensios.connect("pty,sleep 60");
        StreamScenarios.closeEndsABlockedRead(g);
        assertTrue(g.get(Controls.EXIT_CODE).isPresent(), "the program was ended");
    }

    @Test
    void aStoppedReaderBlocksTheProgramAndNothingIsLost(@TempDir Path dir) throws Exception {
        // 32 MiB through the pty; while nobody reads, the program must stall, not our heap grow
        Path marker = dir.resolve("done");
        try (Gensio g = Gensios.connect("pty(raw),sh -c 'head -c 33554432 /dev/zero; echo > " + marker
                + "; echo END'")) {
            // unread, the pump's 64 KiB buffer and the kernel's pty buffer fill and head blocks in
            // write; without back-pressure 32 MiB would be swallowed well within this second
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !Files.exists(marker));
            long got = 0;
            byte[] b = new byte[65536];
            int n;
            String tail = "";
            while ((n = g.read(b, 0, b.length)) >= 0) {
                got += n;
                tail = new String(b, Math.max(0, n - 8), Math.min(n, 8), StandardCharsets.ISO_8859_1);
            }
            assertEquals(33554432 + 4, got);
            assertTrue(tail.endsWith("END\n"), tail);
            assertTrue(Files.exists(marker));
        }
    }

    @Test
    void idlePtyReadersDoNotStarveVirtualThreads() throws Exception {
        // pty4j's native read pins a carrier; on 2 cores two idle ptys read on virtual threads
        // would starve every other virtual thread. Our reads wait on the pump's buffer instead.
        List<Gensio> ptys = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Gensio g = Gensios.connect("pty,sleep 60");
                ptys.add(g);
                Thread.ofVirtual().start(() -> {
                    try {
                        g.read(new byte[16], 0, 16);
                    } catch (IOException ignored) {
                        // closed at the end
                    }
                });
            }
            AtomicInteger ticks = new AtomicInteger();
            Thread ticker = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                    ticks.incrementAndGet();
                }
            });
            ticker.join(Duration.ofSeconds(10));
            assertEquals(20, ticks.get());
        } finally {
            for (Gensio g : ptys) {
                g.abort();
            }
        }
    }
}
