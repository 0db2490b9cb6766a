package org.jgtlssh.gensio.pipe;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;

/**
 * Two connected in-memory byte-stream gensios with bounded buffers: what one writes the other reads.
 * For in-memory tests of filters, and for joining two stacks inside one process.
 */
public final class Pipe {
    private Pipe() {}

    /** A connected pair; each direction buffers at most {@code capacity} bytes. */
    public static Gensio[] pair(int capacity) {
        ByteRing ab = new ByteRing(capacity);
        ByteRing ba = new ByteRing(capacity);
        return new Gensio[] {new End("pipe-a", ba, ab), new End("pipe-b", ab, ba)};
    }

    private static final class End implements Gensio {
        private final String name;
        private final ByteRing in;
        private final ByteRing out;
        private final AtomicBoolean closed = new AtomicBoolean();

        End(String name, ByteRing in, ByteRing out) {
            this.name = name;
            this.in = in;
            this.out = out;
        }

        @Override
        public String type() {
            return "pipe";
        }

        @Override
        public Gensio child() {
            return null;
        }

        @Override
        public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
            if (meta != null) {
                meta.clear();
            }
            return in.read(buf, off, len);
        }

        @Override
        public void write(byte[] buf, int off, int len, int flags) throws IOException {
            out.write(buf, off, len);
        }

        @Override
        public void closeWrite() {
            out.setEof();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                out.setEof();
                in.breakPipe();
            }
        }

        @Override
        public void abort() {
            closed.set(true);
            out.breakPipe();
            in.breakPipe();
        }

        @Override
        public boolean isClosed() {
            return closed.get();
        }

        @Override
        public String localAddress() {
            return name;
        }

        @Override
        public String remoteAddress() {
            return name.endsWith("a") ? "pipe-b" : "pipe-a";
        }
    }
}
