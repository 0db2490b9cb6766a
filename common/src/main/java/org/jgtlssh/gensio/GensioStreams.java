package org.jgtlssh.gensio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Stream adapters over a {@link Gensio}. */
final class GensioStreams {
    private GensioStreams() {}

    static final class In extends InputStream {
        private final Gensio g;
        private final byte[] one = new byte[1];

        In(Gensio g) {
            this.g = g;
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            return g.read(b, off, len, null);
        }

        @Override
        public void close() throws IOException {
            g.close();
        }
    }

    static final class Out extends OutputStream {
        private final Gensio g;

        Out(Gensio g) {
            this.g = g;
        }

        @Override
        public void write(int b) throws IOException {
            g.write(new byte[] {(byte) b}, 0, 1, 0);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            g.write(b, off, len, 0);
        }

        @Override
        public void flush() throws IOException {
            g.flush();
        }

        @Override
        public void close() throws IOException {
            g.closeWrite();
        }
    }
}
