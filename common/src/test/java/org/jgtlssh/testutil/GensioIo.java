package org.jgtlssh.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.jgtlssh.gensio.Gensio;

/**
 * Reading and writing a gensio in tests: exactly n bytes, everything to end of stream, until a text shows
 * up; a write or read on a virtual thread of its own (so a test can drive both directions at once).
 */
public final class GensioIo {
    private GensioIo() {}

    /** Exactly {@code n} bytes (several reads as needed); an end of stream before that is an IOException. */
    public static byte[] readN(Gensio g, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = g.read(b, got, n - got);
            if (r < 0) {
                throw new IOException("EOF after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return b;
    }

    /** Everything up to end of stream. */
    public static byte[] readAll(Gensio g) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int r;
        while ((r = g.read(b, 0, b.length)) >= 0) {
            out.write(b, 0, r);
        }
        return out.toByteArray();
    }

    /** Reads until {@code want} has appeared in the output (UTF-8), or end of stream; returns all read. */
    public static String readUntil(Gensio g, String want) throws IOException {
        ByteArrayOutputStream acc = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        while (!acc.toString(StandardCharsets.UTF_8).contains(want)) {
            int n = g.read(b, 0, b.length);
            if (n < 0) {
                break;
            }
            acc.write(b, 0, n);
        }
        return acc.toString(StandardCharsets.UTF_8);
    }

    /** Writes all of {@code data} on a virtual thread (a blocking write must not stall the test). */
    public static CompletableFuture<Void> writeAsync(Gensio g, byte[] data) {
        return CompletableFuture.runAsync(() -> {
            try {
                g.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    /** {@link #readN} on a virtual thread. */
    public static CompletableFuture<byte[]> readAsync(Gensio g, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readN(g, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    /** {@code n} pseudo-random bytes, the same for the same seed (a failure can be replayed). */
    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
