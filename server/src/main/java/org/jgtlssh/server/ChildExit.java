package org.jgtlssh.server;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.linux.LinuxLibc;

/**
 * How a session's child really ended, which {@link Process} cannot say: the JDK reports a death by signal
 * N as the exit value 128+N, the same number as {@code exit(128+N)}.
 *
 * <p>Linux (6.15 and later) keeps a task's wait status for whoever holds a pidfd to it, even after the
 * task was reaped ({@code PIDFD_GET_INFO} with {@code PIDFD_INFO_EXIT}). So we open a pidfd right after
 * the start and ask it once the JDK's own reaper has reaped the child: there is no second waiter, nothing
 * races the reaper, and reaping stays the JDK's. The pidfd is checked to be a child of ours (its parent
 * pid), so a recycled pid is never mistaken for the session. Where the kernel cannot tell (older kernels,
 * a child gone before we held the pidfd), the JDK's number stands, read as before.
 *
 * <pre>
 *   struct pidfd_info (first 64 bytes, PIDFD_INFO_SIZE_VER0):
 *     0 u64 mask   8 u64 cgroupid   16 u32 pid   20 u32 tgid   24 u32 ppid   28..56 u32 ids   60 s32 exit_code
 *   exit_code is a wait(2) status: low 7 bits = the signal, else (status >> 8) &amp; 0xff = the exit code.
 * </pre>
 */
final class ChildExit implements AutoCloseable {
    private static final long SYS_PIDFD_OPEN = 434; // x86_64 and aarch64 (the unified syscall table)
    private static final int INFO_SIZE = 64;
    /** {@code _IOWR(0xFF, 11, struct pidfd_info)} with the 64-byte version 0 layout. */
    private static final long PIDFD_GET_INFO = (3L << 30) | ((long) INFO_SIZE << 16) | (0xFFL << 8) | 11;
    private static final long PIDFD_INFO_EXIT = 1L << 3;
    private static final long OFF_PPID = 24;
    private static final int OFF_EXIT_CODE = 60;

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /** The pidfd, closed exactly once: by {@link #status}, {@link #close} or, if neither ran, the cleaner. */
    private static final class Fd implements Runnable {
        private int fd;

        Fd(int fd) {
            this.fd = fd;
        }

        synchronized int get() {
            return fd;
        }

        @Override
        public synchronized void run() {
            if (fd >= 0) {
                LinuxLibc.libc().close(fd);
                fd = -1;
            }
        }
    }

    private final Fd fd;

    /** Whether this kernel keeps exit information for pidfds (Linux 6.15 and later). */
    static boolean kernelKeepsExitInfo() {
        String[] v = System.getProperty("os.version", "0.0").split("[.-]");
        try {
            int major = Integer.parseInt(v[0]);
            int minor = Integer.parseInt(v[1]);
            return LinuxLibc.SUPPORTED && (major > 6 || (major == 6 && minor >= 15));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private ChildExit(int fd) {
        this.fd = new Fd(fd);
        if (fd >= 0) {
            CLEANER.register(this, this.fd); // a session that never reached waitFor (server shutting down)
        }
    }

    /** Starts watching child {@code pid} of this JVM; call right after the start. Never fails. */
    static ChildExit watch(long pid) {
        if (LinuxLibc.libc() == null) {
            return new ChildExit(-1);
        }
        try {
            // syscall(2) reads its arguments as longs: pass longs, not ints with undefined upper halves
            int f = LinuxLibc.libc().syscall(new NativeLong(SYS_PIDFD_OPEN), new NativeLong(pid), new NativeLong(0)).intValue();
            if (f < 0) {
                return new ChildExit(-1); // old kernel, or already reaped
            }
            Memory info = new Memory(INFO_SIZE);
            info.clear();
            info.setLong(0, PIDFD_INFO_EXIT);
            // ppid is filled while the task exists (alive or a zombie): it must be us, or the pid was recycled
            if (LinuxLibc.libc().ioctl(f, new NativeLong(PIDFD_GET_INFO), info) != 0
                    || Integer.toUnsignedLong(info.getInt(OFF_PPID)) != ProcessHandle.current().pid()) {
                LinuxLibc.libc().close(f);
                return new ChildExit(-1);
            }
            return new ChildExit(f);
        } catch (RuntimeException | LinkageError e) {
            return new ChildExit(-1);
        }
    }

    /**
     * The real status, once the JDK has reaped the child and reported {@code jdkExitValue}; falls back to
     * reading that value as a shell would when the kernel kept nothing. Closes the pidfd.
     */
    ExitStatus status(int jdkExitValue) {
        try {
            int fd = this.fd.get();
            if (fd >= 0) {
                Memory info = new Memory(INFO_SIZE);
                info.clear();
                info.setLong(0, PIDFD_INFO_EXIT);
                if (LinuxLibc.libc().ioctl(fd, new NativeLong(PIDFD_GET_INFO), info) == 0 && (info.getLong(0) & PIDFD_INFO_EXIT) != 0) {
                    ExitStatus s = fromWaitStatus(info.getInt(OFF_EXIT_CODE));
                    if (s != null) {
                        return s;
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // fall back below
        } finally {
            close();
        }
        return SessionProcess.status(jdkExitValue);
    }

    /** A wait(2) status as an exit status, or null for one that is neither an exit nor a death by signal. */
    static ExitStatus fromWaitStatus(int w) {
        int sig = w & 0x7f;
        if (sig == 0) {
            return ExitStatus.exited((w >> 8) & 0xff);
        }
        return sig == 0x7f ? null : ExitStatus.killedBy(sig); // 0x7f: stopped, not an end
    }

    @Override
    public void close() {
        fd.run();
    }
}
