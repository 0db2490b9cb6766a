package org.jgtlssh.gensio.stdio;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;

/**
 * A stdio connection: a program's stdin/stdout, or this process's own. Reads come from an
 * {@link InputPump}; writes go straight to the pipe (and block when the program does not read).
 * End of the program's output (or of our stdin) is a clean end of stream; {@link #closeWrite()}
 * closes the program's stdin so it sees EOF.
 */
final class StdioGensio extends PumpedGensio {
    /** How long an orderly close waits for a program to exit by itself after its stdin closed. */
    private static final long EXIT_GRACE_MS = 1000;

    private final Process process; // null for self/console
    private final TtyMode tty; // null unless raw
    private final String address;
    private final boolean ownStdout;
    private boolean writeClosed; // guarded by writeLock

    StdioGensio(String where, InputPump in, OutputStream out, Process process, TtyMode tty, int readbuf, String address) {
        super("stdio", readbuf, where, in, out);
        this.process = process;
        this.tty = tty;
        this.address = address;
        this.ownStdout = process == null && "stdio(self)".equals(address);
    }

    @Override
    protected boolean writeClosed() {
        return writeClosed;
    }

    /** Every write is flushed: a program waiting for a line must get it now. */
    @Override
    protected void afterWrite(byte[] buf, int off, int len) throws IOException {
        out.flush();
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
        if (control.equals(Controls.EXIT_CODE)) {
            return exitCode(process).map(control::cast);
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
