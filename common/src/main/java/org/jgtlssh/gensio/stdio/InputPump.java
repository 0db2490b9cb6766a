package org.jgtlssh.gensio.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.pipe.ByteRing;

/**
 * Moves bytes from a blocking {@link InputStream} into a bounded buffer on one platform thread.
 *
 * <p>Why: pty4j reads block inside native code and pin a virtual thread's carrier (two idle ptys
 * starve a 2-core machine), and a read of our own stdin cannot be interrupted at all. With a pump the
 * gensio's {@code read} waits on the buffer instead, so {@link #close()} always wakes it. The buffer is
 * bounded: when nobody reads, the pump blocks on the full buffer and stops reading the source, so the
 * kernel buffer fills and the writing program blocks (back-pressure, memory stays bounded).
 */
public final class InputPump implements AutoCloseable {
    private final ByteRing ring;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile IOException failure;
    private volatile boolean ended;
    private final Thread thread;

    /**
     * Starts the pump thread.
     *
     * @param name the thread's name (shows in thread dumps)
     * @param capacity how many bytes may wait in the buffer
     * @param chunk the largest single read from the source
     */
    public InputPump(String name, InputStream source, int capacity, int chunk) {
        this.ring = new ByteRing(capacity);
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> run(source, chunk));
        thread.start();
    }

    private void run(InputStream source, int chunk) {
        byte[] b = new byte[chunk];
        try {
            while (!closed.get()) {
                int n = source.read(b, 0, b.length);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    ring.write(b, 0, n);
                }
            }
        } catch (IOException e) {
            if (!closed.get()) {
                failure = e;
            }
        } finally {
            ended = true;
            ring.setEof();
        }
    }

    /**
     * Reads what the pump has buffered; blocks while it is empty. Returns -1 at the source's end of
     * stream and after {@link #close()}; throws the source's read error once the buffer is drained.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = ring.read(b, off, len);
        } catch (IOException e) {
            if (closed.get()) {
                return -1;
            }
            throw e;
        }
        if (n < 0 && failure != null && !closed.get()) {
            throw failure;
        }
        return n;
    }

    /** The source's read error, if it ended with one. */
    public IOException failure() {
        return failure;
    }

    /** True once the source has reached its end (or failed): set before the reader can see -1. */
    public boolean sourceEnded() {
        return ended;
    }

    /** Wakes a blocked reader (which sees -1) and a pump blocked on a full buffer. The source is the owner's to close. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ring.breakPipe();
        }
    }
}
