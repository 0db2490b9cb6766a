package org.jgtlssh.keygen;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input that fails once more than a limit has been read, so that a flood on stdin or a huge file
 * given as a certificate cannot fill memory.
 */
final class BoundedInput extends FilterInputStream {
    private final int limit;
    private int left;

    BoundedInput(InputStream in, int limit) {
        super(in);
        this.limit = limit;
        this.left = limit;
    }

    @Override
    public int read() throws IOException {
        check();
        int c = super.read();
        if (c >= 0) {
            left--;
        }
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        int n = super.read(b, off, Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    private void check() throws IOException {
        if (left <= 0) {
            throw new IOException("input larger than " + limit + " bytes");
        }
    }
}
