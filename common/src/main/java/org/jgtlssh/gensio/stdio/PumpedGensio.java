package org.jgtlssh.gensio.stdio;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.TerminalGensio;
import org.jgtlssh.gensio.WriteFlags;

/**
 * A terminal whose input comes through an {@link InputPump} and whose output is a blocking
 * {@link OutputStream}: a program's pipes (stdio) or a pty's master (pty). Reads and writes are the same
 * for both and written here once; what differs is when a failed read only means the other side is gone,
 * whether writes were half-closed, and what a write must do after the bytes went out (hooks below).
 *
 * <p>One reader and one writer may use it at once: the pump decouples reads, and writes hold
 * {@link #writeLock} so that a close or half-close never interleaves with a write.
 */
public abstract class PumpedGensio extends TerminalGensio {
    protected final String where;
    protected final InputPump in;
    protected final OutputStream out;
    protected final Object writeLock = new Object();

    protected PumpedGensio(String type, int readbuf, String where, InputPump in, OutputStream out) {
        super(type, readbuf);
        this.where = where;
        this.in = in;
        this.out = out;
    }

    @Override
    public final int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
        }
        if (len == 0) {
            return 0;
        }
        try {
            return in.read(buf, off, len);
        } catch (IOException e) {
            if (readErrorIsEnd()) {
                return -1;
            }
            throw new GensioException(where, "read failed: " + e.getMessage(), e);
        }
    }

    /** After a failed read: true when the failure only says the other side is gone (end of stream). */
    protected boolean readErrorIsEnd() {
        return closed.get();
    }

    /** Out-of-band data is dropped: neither a pipe nor a pty has any (gensio drops it too). */
    @Override
    public final void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (WriteFlags.oob(flags)) {
            return;
        }
        synchronized (writeLock) {
            if (closed.get() || writeClosed()) {
                throw new GensioException(where, "write after close");
            }
            try {
                out.write(buf, off, len);
                afterWrite(buf, off, len);
            } catch (IOException e) {
                throw new GensioException(where, "write failed: " + e.getMessage(), e);
            }
        }
    }

    /** With {@link #writeLock} held: true once writing was half-closed. */
    protected boolean writeClosed() {
        return false;
    }

    /** With {@link #writeLock} held, after {@code out.write}: flush, or note what was written. */
    protected void afterWrite(byte[] buf, int off, int len) throws IOException {}

    /**
     * The program's exit status once it has exited. When its output has ended it is exiting: it gets a
     * moment (2 s) to be reaped, so a reader that just saw end of stream also sees the status.
     */
    protected final Optional<Integer> exitCode(Process process) {
        if (process == null) {
            return Optional.empty();
        }
        if (in.sourceEnded()) {
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }
}
