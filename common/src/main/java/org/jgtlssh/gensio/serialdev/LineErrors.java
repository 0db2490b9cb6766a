package org.jgtlssh.gensio.serialdev;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.OptionalInt;
import org.jgtlssh.gensio.Controls;

/**
 * A serial port's line errors (break, framing, parity, overrun) for {@link Controls#LINE_STATE}, read from
 * the Linux driver's interrupt counters. jSerialComm reports these only in its event mode, which would take
 * over the port's reads; the counters cost one ioctl per poll and touch no data.
 *
 * <pre>
 *   ioctl(fd, TIOCGICOUNT = 0x545D, struct serial_icounter_struct *), 20 ints (80 bytes):
 *     0 cts  1 dsr  2 rng  3 dcd  4 rx  5 tx  6 frame  7 overrun  8 parity  9 brk  10 buf_overrun  11..19 reserved
 *   RFC 2217 line-state bits set when a counter moved since the last poll:
 *     0x10 break detect (brk)   0x08 framing (frame)   0x04 parity (parity)   0x02 overrun (overrun, buf_overrun)
 * </pre>
 *
 * <p>Like a UART's line status register, a poll clears what it reported: each poll gives the errors seen
 * since the previous one. Ports whose driver keeps no counters (a pty answers ENOTTY, USB adapters may
 * answer EINVAL) have no line state: {@link #open} returns null and the control stays unsupported.
 */
final class LineErrors implements AutoCloseable {
    static final int FRAME = 6;
    static final int OVERRUN = 7;
    static final int PARITY = 8;
    static final int BRK = 9;
    static final int BUF_OVERRUN = 10;
    static final int COUNTERS = 20;

    static final int LINE_BREAK = 0x10;
    static final int LINE_FRAMING = 0x08;
    static final int LINE_PARITY = 0x04;
    static final int LINE_OVERRUN = 0x02;

    private static final long TIOCGICOUNT = 0x545D; // the generic ioctl numbers of x86_64 and aarch64
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;

    interface LibC extends Library {
        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, Pointer arg);

        int close(int fd);
    }

    private static final class Lib {
        static final LibC C = load();

        private static LibC load() {
            try {
                return Native.load("c", LibC.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return null;
            }
        }
    }

    private static final boolean SUPPORTED = System.getProperty("os.name", "").equals("Linux")
            && (System.getProperty("os.arch", "").equals("amd64") || System.getProperty("os.arch", "").equals("aarch64"));

    // Guarded by this. -1 once closed.
    private int fd;
    private int[] last;

    private LineErrors(int fd, int[] first) {
        this.fd = fd;
        this.last = first;
    }

    /**
     * The RFC 2217 line-state bits for the counters' movement from {@code before} to {@code after}. Counters
     * only grow, but wrap: any difference counts.
     */
    static int lineState(int[] before, int[] after) {
        return (after[BRK] != before[BRK] ? LINE_BREAK : 0)
                | (after[FRAME] != before[FRAME] ? LINE_FRAMING : 0)
                | (after[PARITY] != before[PARITY] ? LINE_PARITY : 0)
                | (after[OVERRUN] != before[OVERRUN] || after[BUF_OVERRUN] != before[BUF_OVERRUN] ? LINE_OVERRUN : 0);
    }

    /**
     * Opens {@code device} a second time, read only, for the counters alone; null when this platform or
     * port keeps none (never an error: the port works without line state).
     *
     * <p>Called before jSerialComm opens the port: jSerialComm may mark the tty exclusive (TIOCEXCL), which
     * refuses later opens by non-root users, and an open that comes first is not affected. The extra
     * descriptor is harmless: O_NOCTTY keeps the port from becoming our controlling terminal, O_NONBLOCK
     * keeps the open from waiting for carrier, it is never read (so it takes no input from the reader), and
     * the port's settings and modem lines belong to the tty, not to a descriptor. HUPCL (drop DTR/RTS)
     * acts only on the last close, and {@link #close} runs before jSerialComm's close, so the hang-up
     * happens when it did before. A pty has no counters: its descriptor is kept until the port's close
     * all the same, because closing a pty's only slave descriptor would tell the far end (socat) hang-up.
     */
    static LineErrors open(String device) {
        if (!SUPPORTED || Lib.C == null) {
            return null;
        }
        try {
            int f = Lib.C.open(device, O_NOCTTY | O_NONBLOCK | O_CLOEXEC); // O_RDONLY is 0
            if (f < 0) {
                return null;
            }
            int[] now = read(f);
            return new LineErrors(f, now); // now == null: no counters, but the descriptor stays (see above)
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static int[] read(int f) {
        Memory m = new Memory(COUNTERS * 4L);
        m.clear();
        if (Lib.C.ioctl(f, new NativeLong(TIOCGICOUNT), m) != 0) {
            return null; // ENOTTY (pty), EINVAL (a driver without counters), EIO (the device went away)
        }
        return m.getIntArray(0, COUNTERS);
    }

    /** Whether the port keeps counters, so {@link #poll} means something. */
    synchronized boolean supported() {
        return fd >= 0 && last != null;
    }

    /** The line errors seen since the previous poll, or empty when the port keeps no counters. */
    synchronized OptionalInt poll() {
        if (fd < 0 || last == null) {
            return OptionalInt.empty();
        }
        int[] now;
        try {
            now = read(fd);
        } catch (RuntimeException | LinkageError e) {
            now = null;
        }
        if (now == null) {
            return OptionalInt.empty();
        }
        int bits = lineState(last, now);
        last = now;
        return OptionalInt.of(bits);
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Lib.C.close(fd);
            fd = -1;
        }
    }
}
