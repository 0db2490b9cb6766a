package org.jgtlssh.server;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WriteFlags;

/**
 * Two connected in-memory gensios that keep OOB flags and write boundaries, like two ends of a mux
 * channel: for testing the session relay without a network. Bounded (back-pressure like mux's window).
 */
final class OobPipe {
    private OobPipe() {}

    private record Chunk(byte[] data, boolean oob, boolean eof) {}

    static Gensio[] pair(int chunks) {
        BlockingQueue<Chunk> ab = new ArrayBlockingQueue<>(chunks);
        BlockingQueue<Chunk> ba = new ArrayBlockingQueue<>(chunks);
        return new Gensio[] {new End(ba, ab), new End(ab, ba)};
    }

    private static final class End implements Gensio {
        private final BlockingQueue<Chunk> in;
        private final BlockingQueue<Chunk> out;
        private final AtomicBoolean closed = new AtomicBoolean();
        private Chunk partial;
        private int partialPos;
        private boolean eof;

        End(BlockingQueue<Chunk> in, BlockingQueue<Chunk> out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public String type() {
            return "oobpipe";
        }

        @Override
        public Gensio child() {
            return null;
        }

        @Override
        public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
            if (eof) {
                return -1;
            }
            try {
                if (partial == null) {
                    partial = in.take();
                    partialPos = 0;
                }
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            if (partial.eof()) {
                eof = true;
                return -1;
            }
            int n = Math.min(len, partial.data().length - partialPos);
            System.arraycopy(partial.data(), partialPos, buf, off, n);
            if (meta != null) {
                meta.set(partial.oob(), false);
            }
            partialPos += n;
            if (partialPos == partial.data().length) {
                partial = null;
            }
            return n;
        }

        @Override
        public void write(byte[] buf, int off, int len, int flags) throws IOException {
            if (closed.get()) {
                throw new IOException("closed");
            }
            try {
                out.put(new Chunk(java.util.Arrays.copyOfRange(buf, off, off + len), WriteFlags.oob(flags), false));
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void closeWrite() throws IOException {
            close();
        }

        @Override
        public void close() throws IOException {
            if (closed.compareAndSet(false, true)) {
                try {
                    out.put(new Chunk(new byte[0], false, true));
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        }

        @Override
        public void abort() {
            if (closed.compareAndSet(false, true)) {
                out.offer(new Chunk(new byte[0], false, true));
            }
        }

        @Override
        public boolean isClosed() {
            return closed.get();
        }

        @Override
        public int maxReadSize() {
            return 65536;
        }
    }
}
