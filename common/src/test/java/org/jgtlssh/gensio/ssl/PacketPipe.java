package org.jgtlssh.gensio.ssl;

import java.io.IOException;
import org.jgtlssh.gensio.FilterGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;

/**
 * A reliable packet gensio for tests (what relpkt looks like from above): each write of at most
 * {@code max} bytes is one packet, each read returns one whole packet. Framed as u16 length + bytes over
 * an in-memory pipe end.
 */
final class PacketPipe extends FilterGensio {
    private final int max;

    PacketPipe(Gensio pipeEnd, int max) {
        super("packets", pipeEnd);
        this.max = max;
    }

    @Override
    public boolean isPacket() {
        return true;
    }

    @Override
    public int maxReadSize() {
        return max;
    }

    @Override
    public void write(byte[] b, int off, int len, int flags) throws IOException {
        if (len > max) {
            throw new IOException("packet of " + len + " bytes exceeds " + max);
        }
        byte[] p = new byte[len + 2];
        p[0] = (byte) (len >> 8);
        p[1] = (byte) len;
        System.arraycopy(b, off, p, 2, len);
        child.write(p, 0, p.length, 0);
    }

    @Override
    public int read(byte[] b, int off, int len, ReadMeta meta) throws IOException {
        byte[] h = new byte[2];
        if (!fill(h, 2)) {
            return -1;
        }
        int n = ((h[0] & 0xff) << 8) | (h[1] & 0xff);
        if (n > len) {
            throw new IOException("packet of " + n + " bytes does not fit a read of " + len);
        }
        byte[] p = new byte[n];
        if (!fill(p, n)) {
            throw new IOException("truncated packet");
        }
        System.arraycopy(p, 0, b, off, n);
        return n;
    }

    private boolean fill(byte[] b, int n) throws IOException {
        int got = 0;
        while (got < n) {
            int r = child.read(b, got, n - got);
            if (r < 0) {
                return false;
            }
            got += r;
        }
        return true;
    }
}
