package org.jgtlssh.gensio.pty;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import com.pty4j.unix.UnixPtyProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gensio.stdio.InputPump;
import org.jgtlssh.gensio.stdio.PumpedGensio;

/**
 * A program on a pseudo-terminal. The master's output is read by an {@link InputPump} (a platform
 * thread: pty4j's read pins a carrier) into a bounded buffer; when nobody reads, the pump stops, the
 * pty's kernel buffer fills and the program blocks on its writes.
 *
 * <p>A pty has no real half-close: {@link #closeWrite()} types the EOF character of a canonical
 * terminal and throws on a raw one. When the program exits the reader sees end of stream, and
 * {@link Controls#EXIT_CODE} gives its status.
 */
final class PtyGensio extends PumpedGensio {
    private static final long HANGUP_GRACE_MS = 500;

    private final PtyProcess process; // null for a pty without a program
    private final Pty bare; // the pty when there is no program, else null
    private final String slave;
    private final Runnable onClose;
    private int lastByte = -1; // guarded by writeLock

    PtyGensio(String where, PtyProcess process, InputPump in, String slave, int readbuf, Runnable onClose) {
        this(where, process, null, process.getOutputStream(), in, slave, readbuf, onClose);
    }

    /** A pty without a program: whoever opens the slave ({@code link=}) is the other end. */
    PtyGensio(String where, Pty bare, InputPump in, int readbuf, Runnable onClose) {
        this(where, null, bare, bare.getOutputStream(), in, bare.getSlaveName(), readbuf, onClose);
    }

    private PtyGensio(String where, PtyProcess process, Pty bare, OutputStream out, InputPump in, String slave,
            int readbuf, Runnable onClose) {
        super("pty", readbuf, where, in, out);
        this.process = process;
        this.bare = bare;
        this.slave = slave;
        this.onClose = onClose;
    }

    /** EIO on the master once the last slave fd is gone is how a pty says "program ended". */
    @Override
    protected boolean readErrorIsEnd() {
        return closed.get() || process == null || !process.isAlive();
    }

    /** The last byte written decides how {@link #closeWrite()} ends an unfinished line. */
    @Override
    protected void afterWrite(byte[] buf, int off, int len) {
        if (len > 0) {
            lastByte = buf[off + len - 1] & 0xff;
        }
    }

    @Override
    public void flush() {
        // pty writes are not buffered
    }

    /**
     * A pty has no half-close; what comes closest, as util-linux {@code script} does it: when the
     * program's terminal is canonical, type its EOF character (twice after an unfinished line: the
     * first only ends the line), so a reader of the terminal sees end of input and output still flows
     * back. A raw terminal has no EOF character: then this throws {@link UnsupportedOperationException}.
     */
    @Override
    public void closeWrite() throws IOException {
        int eof = PtyTermios.canonicalEofChar(masterFd());
        if (eof <= 0) {
            throw new UnsupportedOperationException("pty in raw mode cannot half-close");
        }
        synchronized (writeLock) {
            if (closed.get()) {
                return;
            }
            byte[] b = lastByte == '\n' || lastByte < 0 ? new byte[] {(byte) eof} : new byte[] {(byte) eof, (byte) eof};
            try {
                out.write(b, 0, b.length);
            } catch (IOException e) {
                if (process != null && process.isAlive()) {
                    throw new GensioException(where, "write failed: " + e.getMessage(), e);
                }
                // the program is gone already: nothing left to tell
            }
        }
    }

    private int masterFd() {
        if (bare != null) {
            return bare.getMasterFD();
        }
        return process instanceof UnixPtyProcess u ? u.getPty().getMasterFD() : -1;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (process != null && process.isAlive()) {
                // what closing the master does in C: the session gets SIGHUP
                hangup();
                if (!waitExit(HANGUP_GRACE_MS)) {
                    process.destroy();
                    if (!waitExit(HANGUP_GRACE_MS)) {
                        process.destroyForcibly();
                        waitExit(HANGUP_GRACE_MS);
                    }
                }
            }
        } finally {
            in.close();
            closeStreams();
            onClose.run();
        }
    }

    private void hangup() {
        if (process instanceof UnixPtyProcess u) {
            u.hangup();
        } else {
            process.destroy();
        }
    }

    private boolean waitExit(long ms) {
        try {
            return process.waitFor(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void closeStreams() {
        if (bare != null) {
            try {
                bare.close();
            } catch (IOException ignored) {
                // already closed
            }
            return;
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // the program is gone
        }
        try {
            process.getInputStream().close();
        } catch (IOException ignored) {
            // likewise
        }
    }

    @Override
    public void abort() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (process != null) {
            ProcessHandle.of(process.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
            process.destroyForcibly();
        }
        in.close();
        closeStreams();
        onClose.run();
    }

    @Override
    public <T> Optional<T> get(Control<T> control) {
        if (control.equals(Controls.EXIT_CODE)) {
            return exitCode(process).map(control::cast);
        }
        if (control.equals(Controls.WINDOW_SIZE)) {
            try {
                WinSize ws = process != null ? process.getWinSize() : bare.getWinSize(null);
                return Optional.of(control.cast(new WindowSize(ws.getRows(), ws.getColumns())));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public <T> boolean set(Control<T> control, T value) throws IOException {
        if (control.equals(Controls.WINDOW_SIZE)) {
            WindowSize w = (WindowSize) value;
            try {
                WinSize ws = new WinSize(w.cols(), w.rows()); // pty4j deprecates setting pixel sizes
                if (process != null) {
                    process.setWinSize(ws);
                } else {
                    bare.setWindowSize(ws, null);
                }
            } catch (RuntimeException e) {
                throw new GensioException(where, "cannot resize: " + e.getMessage(), e);
            }
            return true;
        }
        return false;
    }

    @Override
    public String localAddress() {
        return slave;
    }

    @Override
    public String remoteAddress() {
        return slave;
    }

    @Override
    public String toString() {
        return where;
    }
}
