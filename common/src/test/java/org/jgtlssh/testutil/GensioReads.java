package org.jgtlssh.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jgtlssh.gensio.Gensio;

/** Reading a gensio in tests: exactly n bytes, everything to end of stream, or until a text shows up. */
public final class GensioReads {
    private GensioReads() {}

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
}
