package org.jgtlssh.testutil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jgtlssh.gensio.Gensio;

/**
 * Scenarios that every stream terminal (tcp, unix, stdio, pty) must pass, written once: half-close,
 * back-pressure (a reader that stops must stop the writer, not grow a buffer, and lose nothing) and
 * close while a read is blocked. Each terminal's test opens its gensios and hands them here.
 */
public final class StreamScenarios {
    private StreamScenarios() {}

    /**
     * Writes {@code total} bytes of a position pattern on {@code writeEnd} (then half-closes it) while
     * nobody reads {@code readEnd}: the writer must stall with fewer than {@code maxUnread} bytes written;
     * then reading resumes and every byte must arrive, in order, up to end of stream.
     *
     * @param readEnd the far end of the stream, or {@code writeEnd} itself for a program that echoes (cat)
     * @param maxUnread what the buffers between writer and reader may hold at most: the kernel's socket or
     *     pipe buffers plus our pumps' bounded buffers
     */
    public static void stoppedReaderBlocksWriterAndNothingIsLost(Gensio writeEnd, Gensio readEnd, long total,
            long maxUnread) throws Exception {
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                for (long off = 0; off < total; off += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) (off + i);
                    }
                    writeEnd.write(chunk);
                    written.addAndGet(chunk.length);
                }
                writeEnd.closeWrite();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        awaitStall(written);
        assertTrue(written.get() < maxUnread, "written " + written.get() + " with no reader");
        assertTrue(writer.isAlive(), "the writer is blocked, not finished");
        long got = drainAndCheck(readEnd);
        done.get(20, TimeUnit.SECONDS);
        assertEquals(total, got);
    }

    /**
     * Half-close: {@code client} sends 1 MiB of random bytes and closes its write side; {@code server}
     * reads them all to end of stream, then still answers, and {@code client} reads the answer to end of
     * stream. Proves both directions close independently and nothing is lost at either end.
     */
    public static void halfCloseKeepsTheOtherDirection(Gensio client, Gensio server) throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try {
                client.write(data);
                client.closeWrite();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        assertArrayEquals(data, server.inputStream().readAllBytes());
        written.get(20, TimeUnit.SECONDS);
        // the client's write side is closed; the server can still answer
        server.write("reply".getBytes(StandardCharsets.US_ASCII));
        server.closeWrite();
        assertEquals("reply", new String(client.inputStream().readAllBytes(), StandardCharsets.US_ASCII));
    }

    /** Waits until {@code counter} has not moved for 300 ms (the writer is blocked). */
    public static void awaitStall(AtomicLong counter) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = counter.get();
            boolean same = now == last[0] && now > 0;
            last[0] = now;
            return same;
        });
    }

    /** Reads to end of stream, checking each byte against the writer's position pattern; returns the count. */
    public static long drainAndCheck(Gensio g) throws IOException {
        byte[] buf = new byte[65536];
        long pos = 0;
        int n;
        while ((n = g.read(buf, 0, buf.length)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != (byte) (pos + i)) {
                    throw new AssertionError("byte " + (pos + i) + " corrupted");
                }
            }
            pos += n;
        }
        return pos;
    }

    /**
     * A read blocked on {@code g} (nothing to read) ends with end of stream when another thread closes
     * {@code g}: close must not wait for data that never comes, nor leave the reader hanging.
     */
    public static void closeEndsABlockedRead(Gensio g)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Integer> read = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                read.complete(g.read(new byte[10], 0, 10));
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        });
        // a virtual thread blocked in a read is parked: WAITING
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.getState() == Thread.State.WAITING);
        g.close();
        assertEquals(-1, (int) read.get(10, TimeUnit.SECONDS));
    }
}
