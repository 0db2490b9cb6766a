package org.jgtlssh.gensio.serialdev;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.gensio.TerminalGensio;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gensio.pipe.ByteRing;

/**
 * An open serial port. One platform thread reads the port into a bounded {@link ByteRing} (it blocks
 * when the ring is full, so a slow reader back-pressures the line instead of growing memory); reads
 * take from the ring on any thread. Writes go straight to the port and block until the driver took
 * them. Closing ends a blocked read: the reader thread polls the port with a short timeout and the
 * ring is closed at once.
 */
public final class SerialdevGensio extends TerminalGensio {
    /** How long one native read waits, so close is noticed even if the driver never returns data. */
    private static final int READ_POLL_MS = 200;

    private final SerialPort port;
    private final String where;
    private final UucpLock lock;
    private final ByteRing ring;
    private final Object writeLock = new Object();
    private final Thread reader;
    private final LineErrors lineErrors; // null: no line state (not Linux, or JNA missing)
    private volatile SerialSettings settings;
    private volatile IOException readFailure;

    private SerialdevGensio(SerialPort port, String where, UucpLock lock, SerialdevConfig c, LineErrors lineErrors) {
        super("serialdev", 4096);
        this.port = port;
        this.lineErrors = lineErrors;
        this.where = where;
        this.lock = lock;
        this.ring = new ByteRing(Math.max(c.readbuf(), 256));
        this.settings = c.settings();
        this.reader = Thread.ofPlatform().daemon().name("serialdev-reader " + c.device()).unstarted(this::readLoop);
    }

    /** Opens the device of {@code c}: lock, port, line settings, modem lines, reader thread. */
    public static SerialdevGensio open(SerialdevConfig c, Path lockDir) throws IOException {
        String where = "serialdev," + c.device();
        Path dev = Path.of(c.device());
        if (!Files.exists(dev)) {
            throw new GensioException(where, "no such device");
        }
        if (Files.isDirectory(dev) || Files.isRegularFile(dev)) {
            throw new GensioException(where, "not a serial device");
        }
        UucpLock lock = null;
        if (c.uucpLock() && UucpLock.wanted(c.device())) {
            lock = UucpLock.acquire(lockDir, c.device(), where);
        }
        SerialPort port = null;
        LineErrors lineErrors = null;
        try {
            try {
                JSerialCommLoader.ensureLoaded();
            } catch (IllegalStateException e) {
                throw new GensioException(where, e.getMessage());
            }
            lineErrors = LineErrors.open(c.device()); // before jSerialComm's open: see LineErrors.open
            port = SerialPort.getCommPort(c.device());
            if (!port.openPort(0)) {
                int err = port.getLastErrorCode();
                throw new GensioException(where, err == 13 ? "permission denied" : err == 16 || err == 11
                        ? "device is busy (opened by another program)" : "cannot open (error " + err + ")");
            }
            // jSerialComm reports ENOTTY (25) from a serial-only ioctl on a pty: harmless, the pty works.
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    READ_POLL_MS, 0);
            apply(port, c.settings());
            if (c.dtr() != null) {
                if (c.dtr()) port.setDTR(); else port.clearDTR();
            }
            if (c.rts() != null) {
                if (c.rts()) port.setRTS(); else port.clearRTS();
            }
            if (c.nobreak()) {
                port.clearBreak();
            }
            SerialdevGensio g = new SerialdevGensio(port, where, lock, c, lineErrors);
            g.reader.start();
            return g;
        } catch (IOException | RuntimeException e) {
            if (lineErrors != null) {
                lineErrors.close();
            }
            if (port != null && port.isOpen()) {
                port.closePort();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    private static void apply(SerialPort port, SerialSettings s) {
        int stop = s.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
        int parity = switch (s.parity()) {
            case 'E' -> SerialPort.EVEN_PARITY;
            case 'O' -> SerialPort.ODD_PARITY;
            case 'M' -> SerialPort.MARK_PARITY;
            case 'S' -> SerialPort.SPACE_PARITY;
            default -> SerialPort.NO_PARITY;
        };
        port.setComPortParameters(s.baud(), s.dataBits(), stop, parity);
        int flow = SerialPort.FLOW_CONTROL_DISABLED;
        if (s.rtscts()) {
            flow |= SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
        }
        if (s.xonxoff()) {
            flow |= SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
        }
        port.setFlowControl(flow);
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        try {
            while (!closed.get()) {
                int n = port.readBytes(buf, buf.length, 0);
                if (n < 0) {
                    if (!closed.get()) {
                        // The far end of a pty went away, or the USB adapter was pulled.
                        readFailure = new GensioException(where, "the device went away (error "
                                + port.getLastErrorCode() + ")");
                    }
                    break;
                }
                if (n > 0) {
                    ring.write(buf, 0, n); // blocks while the ring is full: back-pressure
                }
            }
        } catch (IOException e) {
            // the ring was closed by close(): nothing more to deliver
        } finally {
            ring.setEof();
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
        }
        int n;
        try {
            n = ring.read(buf, off, len);
        } catch (IOException e) {
            return -1; // closed locally
        }
        if (n < 0 && readFailure != null && !closed.get()) {
            throw readFailure;
        }
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (WriteFlags.oob(flags)) {
            return;
        }
        synchronized (writeLock) {
            while (len > 0) {
                if (closed.get()) {
                    throw new GensioException(where, "closed");
                }
                int n = port.writeBytes(buf, len, off);
                if (n < 0) {
                    throw new GensioException(where, "write failed (error " + port.getLastErrorCode() + ")");
                }
                off += n;
                len -= n;
            }
        }
    }

    @Override
    public void flush() {
        // writes block until the driver has the bytes: nothing is held back here
    }

    @Override
    public void closeWrite() {
        throw new UnsupportedOperationException("serialdev cannot half-close");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ring.setEof();
        ring.breakPipe();
        try {
            reader.join(READ_POLL_MS * 3L); // the native read returns within READ_POLL_MS
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (settings.hangupWhenDone()) {
            port.clearDTR();
            port.clearRTS();
        }
        if (lineErrors != null) {
            lineErrors.close(); // before the port's: jSerialComm's close stays the last one (HUPCL)
        }
        synchronized (writeLock) {
            port.closePort();
        }
        if (lock != null) {
            lock.close();
        }
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isReliable() {
        return false; // a serial line loses and corrupts bytes; relpkt+msgdelim make it reliable
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> Optional<T> get(Control<T> control) {
        if (control.equals(Controls.SERIAL_SETTINGS)) {
            return Optional.of((T) settings);
        }
        // Modem lines (telnet's RFC 2217 server reads them): one TIOCMGET each, cheap enough to poll.
        if (control.equals(Controls.SERIAL_DTR)) {
            return Optional.of((T) Boolean.valueOf(port.getDTR()));
        }
        if (control.equals(Controls.SERIAL_RTS)) {
            return Optional.of((T) Boolean.valueOf(port.getRTS()));
        }
        if (control.equals(Controls.MODEM_STATE)) {
            int state = (port.getDCD() ? Controls.MODEM_CD : 0) | (port.getRI() ? Controls.MODEM_RI : 0)
                    | (port.getDSR() ? Controls.MODEM_DSR : 0) | (port.getCTS() ? Controls.MODEM_CTS : 0);
            return Optional.of((T) Integer.valueOf(state));
        }
        // Line errors since the previous read (read clears, as a UART's line status register); empty when
        // the driver keeps no error counters (a pty): the honest "not supported".
        if (control.equals(Controls.LINE_STATE) && lineErrors != null) {
            OptionalInt bits = lineErrors.poll();
            return bits.isPresent() ? Optional.of((T) Integer.valueOf(bits.getAsInt())) : Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public <T> boolean set(Control<T> control, T value) throws IOException {
        if (control.equals(Controls.SERIAL_SETTINGS)) {
            SerialSettings s = Controls.SERIAL_SETTINGS.cast(value);
            apply(port, s);
            settings = s;
            return true;
        }
        if (control.equals(Controls.SERIAL_DTR) || control.equals(Controls.SERIAL_RTS)) {
            boolean on = (Boolean) value;
            boolean dtr = control.equals(Controls.SERIAL_DTR);
            boolean ok = dtr ? (on ? port.setDTR() : port.clearDTR()) : (on ? port.setRTS() : port.clearRTS());
            if (!ok) {
                throw new GensioException(where, "cannot set " + (dtr ? "DTR" : "RTS") + " (error "
                        + port.getLastErrorCode() + ")");
            }
            return true;
        }
        if (control.equals(Controls.SEND_BREAK)) {
            int ms = Controls.SEND_BREAK.cast(value);
            if (ms <= 0 || ms > 10_000) {
                throw new GensioException(where, "break length " + ms + " ms out of range 1..10000");
            }
            synchronized (writeLock) {
                if (!port.setBreak()) {
                    throw new GensioException(where, "cannot send a break (error " + port.getLastErrorCode() + ")");
                }
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    port.clearBreak();
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String localAddress() {
        return where;
    }

    @Override
    public String remoteAddress() {
        return where + "," + settings;
    }

    @Override
    public String toString() {
        return where + "," + settings;
    }
}
