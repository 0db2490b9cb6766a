package org.jgtlssh.gensio.stdio;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.TerminalGensio;
import org.jgtlssh.gensio.WriteFlags;

/**
 * A stdio connection: a program's stdin/stdout, or this process's own. Reads come from an
 * {@link InputPump}; writes go straight to the pipe (and block when the program does not read).
 * End of the program's output (or of our stdin) is a clean end of stream; {@link #closeWrite()}
 * closes the program's stdin so it sees EOF.
 */
final class StdioGensio extends TerminalGensio {
    /** How long an orderly close waits for a program to exit by itself after its stdin closed. */
    private static final long EXIT_GRACE_MS = 1000;

    private final String where;
    private final InputPump in;
    private final OutputStream out;
    private final Process process; // null for self/console
    private final TtyMode tty; // null unless raw
    private final String address;
    private final boolean ownStdout;
    private final Object writeLock = new Object();
    private boolean writeClosed;

    StdioGensio(String where, InputPump in, OutputStream out, Process process, TtyMode tty, int readbuf, String address) {
        super("stdio", readbuf);
        this.where = where;
        this.in = in;
        this.out = out;
        this.process = process;
        this.tty = tty;
        this.address = address;
        this.ownStdout = process == null && "stdio(self)".equals(address);
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
        }
        if (len == 0) {
            return 0;
        }
        try {
            return in.read(buf, off, len);
        } catch (IOException e) {
            if (closed.get()) {
                return -1;
            }
            throw new GensioException(where, "read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (WriteFlags.oob(flags)) {
            return;
        }
        synchronized (writeLock) {
            if (writeClosed || closed.get()) {
                throw new GensioException(where, "write after close");
            }
            try {
                out.write(buf, off, len);
                out.flush();
            } catch (IOException e) {
                throw new GensioException(where, "write failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void flush() {
        // every write is flushed
    }

    @Override
    public void closeWrite() throws IOException {
        synchronized (writeLock) {
            if (!writeClosed) {
                writeClosed = true;
                if (ownStdout) {
                    FdShutdown.shutdownWrite(1); // a socket as stdio (inetd): the peer sees EOF now
                }
                out.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            synchronized (writeLock) {
                if (!writeClosed) {
                    writeClosed = true;
                    try {
                        out.close();
                    } catch (IOException ignored) {
                        // the program is gone already
                    }
                }
            }
            if (process != null) {
                try {
                    if (!process.waitFor(EXIT_GRACE_MS, TimeUnit.MILLISECONDS)) {
                        process.destroy();
                        if (!process.waitFor(EXIT_GRACE_MS, TimeUnit.MILLISECONDS)) {
                            process.destroyForcibly();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        } finally {
            in.close();
            if (tty != null) {
                tty.close();
            }
        }
    }

    @Override
    public void abort() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // dropping everything anyway
        }
        in.close();
        if (tty != null) {
            tty.close();
        }
    }

    @Override
    public <T> Optional<T> get(Control<T> control) {
        if (control.equals(Controls.EXIT_CODE) && process != null) {
            try {
                // once the output has ended the program is exiting: give it a moment to be reaped
                if (in.sourceEnded()) {
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!process.isAlive()) {
                return Optional.of(control.cast(process.exitValue()));
            }
        }
        return Optional.empty();
    }

    @Override
    public String localAddress() {
        return address;
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    @Override
    public String toString() {
        return where;
    }
}
