package org.jgtlssh.gensio.pipe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, blocking byte buffer between one writer and one reader: the writer blocks while it is
 * full (back-pressure), the reader while it is empty. End of stream and abort are sticky.
 */
public final class ByteRing {
    private final byte[] buf;
    private int head;
    private int count;
    private boolean eof;
    private boolean broken;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    public ByteRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        buf = new byte[capacity];
    }

    /** Writes all bytes, blocking while full. Throws once the reader side is broken or eof was set. */
    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (len > 0) {
                while (count == buf.length && !broken) {
                    awaitUninterruptibly(notFull);
                }
                if (broken) {
                    throw new IOException("pipe closed");
                }
                if (eof) {
                    throw new IOException("write after end of stream");
                }
                int tail = (head + count) % buf.length;
                int n = Math.min(len, Math.min(buf.length - count, buf.length - tail));
                System.arraycopy(b, off, buf, tail, n);
                count += n;
                off += n;
                len -= n;
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Reads at least one byte, or returns -1 after end of stream, blocking while empty. */
    public int read(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (count == 0 && !eof && !broken) {
                awaitUninterruptibly(notEmpty);
            }
            if (count == 0) {
                if (broken && !eof) {
                    throw new IOException("pipe closed");
                }
                return -1;
            }
            int n = Math.min(len, Math.min(count, buf.length - head));
            System.arraycopy(buf, head, b, off, n);
            head = (head + n) % buf.length;
            count -= n;
            notFull.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    private static void awaitUninterruptibly(Condition c) throws InterruptedIOException {
        try {
            c.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** No more writes: the reader sees -1 once the buffer is drained. */
    public void setEof() {
        lock.lock();
        try {
            eof = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Breaks both ends: a blocked writer or reader wakes up. */
    public void breakPipe() {
        lock.lock();
        try {
            broken = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int available() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
