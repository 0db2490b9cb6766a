package org.jgtlssh.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gensio.mux.MuxFactory;
import org.jgtlssh.gensio.mux.MuxOptions;
import org.jgtlssh.gensio.pipe.Pipe;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobDecoder;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session engine over a real mux on an in-memory pipe; the test plays the server (ours with
 * extensions, or gensio's without).
 */
@Timeout(30)
class SessionIOTest {
    private final List<Gensio> open = new ArrayList<>();
    private Gensio client;
    private Gensio server;

    private void connect() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        CompletableFuture<Gensio> s = CompletableFuture.supplyAsync(() -> {
            try {
                return MuxFactory.open(p[1], MuxOptions.defaults(Role.SERVER), OpenContext.DEFAULT);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        client = MuxFactory.open(p[0], MuxOptions.defaults(Role.CLIENT).withService("program:x\0\0".getBytes(
                StandardCharsets.US_ASCII)), OpenContext.DEFAULT);
        server = s.get(10, TimeUnit.SECONDS);
        open.add(client);
        open.add(server);
    }

    @AfterEach
    void tearDown() {
        open.forEach(Gensio::abort);
    }

    private void oob(OobMessage m) throws IOException {
        byte[] b = OobEncoder.encode(m);
        server.write(b, 0, b.length, WriteFlags.OOB);
    }

    private static DebugLog log(ByteArrayOutputStream err) {
        return new DebugLog(new PrintStream(err, true, StandardCharsets.UTF_8), 1, false);
    }

    @Test
    void ourServerExitStatusStderrAndHalfClose() throws Exception {
        connect();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] input = "some input\n".getBytes(StandardCharsets.US_ASCII);
        SessionIO io = new SessionIO(client, new ByteArrayInputStream(input), out, err,
                new EscapeMachine(EscapeMachine.DISABLED), null, true, log(new ByteArrayOutputStream()));
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return io.run();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        server.write(OobEncoder.ready(), 0, 1, WriteFlags.OOB);
        oob(new OobMessage.ExtensionsAccepted(EnumSet.of(Feature.EXIT_STATUS, Feature.HALF_CLOSE, Feature.STDERR)));
        // The program reads all its input and sees EOF ('E'), then answers: output continues after EOF.
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        OobDecoder dec = new OobDecoder(OobDecoder.Direction.TO_SERVER);
        byte[] buf = new byte[1024];
        ReadMeta meta = new ReadMeta();
        boolean eof = false;
        while (!eof) {
            int n = server.read(buf, 0, buf.length, meta);
            assertTrue(n >= 0, "channel closed before 'E'");
            if (meta.oob()) {
                eof = dec.feed(buf, 0, n).stream().anyMatch(m -> m instanceof OobMessage.EndOfInput);
            } else {
                got.write(buf, 0, n);
            }
        }
        assertArrayEquals(input, got.toByteArray(), "all input arrives before the end-of-input message");
        server.write("out after eof\n".getBytes(StandardCharsets.US_ASCII), 0, 14, 0);
        oob(new OobMessage.Stderr("an error\n".getBytes(StandardCharsets.US_ASCII)));
        oob(new OobMessage.Exit(ExitStatus.exited(3)));
        server.close();
        assertEquals(3, status.get(10, TimeUnit.SECONDS));
        assertEquals("out after eof\n", out.toString(StandardCharsets.US_ASCII));
        assertEquals("an error\n", err.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void signalDeathGives128PlusSignal() throws Exception {
        connect();
        SessionIO io = new SessionIO(client, blockingInput(), new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                new EscapeMachine(EscapeMachine.DISABLED), null, true, log(new ByteArrayOutputStream()));
        CompletableFuture<Integer> status = runAsync(io);
        server.write(OobEncoder.ready(), 0, 1, WriteFlags.OOB);
        oob(new OobMessage.ExtensionsAccepted(EnumSet.of(Feature.EXIT_STATUS)));
        oob(new OobMessage.Exit(ExitStatus.killedBy(2)));
        server.close();
        assertEquals(130, status.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aDeathBySigtermGives143AndOneLineOnStderrLikeBash() throws Exception {
        connect();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SessionIO io = new SessionIO(client, blockingInput(), new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                new EscapeMachine(EscapeMachine.DISABLED), null, true, log(err));
        CompletableFuture<Integer> status = runAsync(io);
        server.write(OobEncoder.ready(), 0, 1, WriteFlags.OOB);
        oob(new OobMessage.ExtensionsAccepted(EnumSet.of(Feature.EXIT_STATUS)));
        oob(new OobMessage.Exit(ExitStatus.killedBy(15)));
        server.close();
        assertEquals(143, status.get(10, TimeUnit.SECONDS));
        assertTrue(err.toString(StandardCharsets.US_ASCII).endsWith("\njgtlssh: remote program killed by signal 15 (SIGTERM)\n"),
                err.toString(StandardCharsets.US_ASCII)); // after the debug line of level 1
    }

    @Test
    void gensioServerStdinEofClosesTheSessionWithStatusZero() throws Exception {
        connect();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SessionIO io = new SessionIO(client, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), new EscapeMachine(EscapeMachine.DISABLED), null, true, log(err));
        CompletableFuture<Integer> status = runAsync(io);
        server.write(OobEncoder.ready(), 0, 1, WriteFlags.OOB); // gensio: ready, no 'A'
        server.write("x".getBytes(StandardCharsets.US_ASCII), 0, 1, 0);
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not speak jgtlssh's extensions"), err.toString());
        byte[] b = new byte[16];
        await().atMost(Duration.ofSeconds(10)).until(() -> server.read(b, 0, b.length) < 0);
    }

    @Test
    void gensioServerEndsWithZeroWhateverTheProgramDid() throws Exception {
        connect();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SessionIO io = new SessionIO(client, blockingInput(), out, new ByteArrayOutputStream(),
                new EscapeMachine(EscapeMachine.DISABLED), null, true, log(new ByteArrayOutputStream()));
        CompletableFuture<Integer> status = runAsync(io);
        server.write(OobEncoder.ready(), 0, 1, WriteFlags.OOB);
        server.write("hello\n".getBytes(StandardCharsets.US_ASCII), 0, 6, 0);
        server.close();
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        assertEquals("hello\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void escapeQuitEndsWithZeroAndWindowSizeIsReported() throws Exception {
        connect();
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        TestTerminal term = new TestTerminal();
        SessionIO io = new SessionIO(client, in, new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                new EscapeMachine(EscapeMachine.DEFAULT_ESCAPE), term, true, log(new ByteArrayOutputStream()));
        CompletableFuture<Integer> status = runAsync(io);
        server.write(OobEncoder.ready(), 0, 1, WriteFlags.OOB);
        oob(new OobMessage.ExtensionsAccepted(EnumSet.of(Feature.EXIT_STATUS)));
        OobDecoder dec = new OobDecoder(OobDecoder.Direction.TO_SERVER);
        byte[] buf = new byte[256];
        ReadMeta meta = new ReadMeta();
        List<OobMessage> seen = new ArrayList<>();
        while (seen.isEmpty()) {
            int n = server.read(buf, 0, buf.length, meta);
            if (meta.oob()) {
                seen.addAll(dec.feed(buf, 0, n));
            }
        }
        assertEquals(new OobMessage.WindowSizeChange(new WindowSize(33, 90)), seen.get(0));
        term.resize(new WindowSize(20, 70));
        seen.clear();
        while (seen.isEmpty()) {
            int n = server.read(buf, 0, buf.length, meta);
            if (meta.oob()) {
                seen.addAll(dec.feed(buf, 0, n));
            }
        }
        assertEquals(new OobMessage.WindowSizeChange(new WindowSize(20, 70)), seen.get(0));
        keys.write(new byte[] {'l', 's', 0x1c, 0x1c, 0x1c, '?'});
        keys.flush();
        byte[] expect = {'l', 's', 0x1c};
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < expect.length) {
            int n = server.read(buf, 0, buf.length, meta);
            if (!meta.oob()) {
                got.write(buf, 0, n);
            }
        }
        assertArrayEquals(expect, got.toByteArray());
        await().atMost(Duration.ofSeconds(5)).until(() -> term.messages.toString().contains("quit"));
        keys.write(new byte[] {0x1c, 'q'});
        keys.flush();
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<Integer> runAsync(SessionIO io) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return io.run();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** stdin that never ends (a terminal nobody types on). */
    private static InputStream blockingInput() throws IOException {
        return new PipedInputStream(new PipedOutputStream());
    }

    private static final class TestTerminal implements TerminalHooks {
        volatile WindowSize size = new WindowSize(33, 90);
        volatile Runnable onResize;
        final StringBuffer messages = new StringBuffer();

        @Override
        public WindowSize size() {
            return size;
        }

        @Override
        public void onResize(Runnable r) {
            onResize = r;
        }

        @Override
        public void message(String text) {
            messages.append(text);
        }

        void resize(WindowSize s) {
            size = s;
            onResize.run();
        }
    }
}
