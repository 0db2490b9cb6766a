package org.jgtlssh.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The few libc calls our Linux-only features make through JNA: a serial port's error counters
 * (TIOCGICOUNT) and a child's exit status through a pidfd. Loaded once, on first use.
 */
public final class LinuxLibc {
    /** The calls; {@code ioctl} and {@code syscall} take their arguments as varargs (a Pointer, a NativeLong). */
    public interface C extends Library {
        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, Object... args);

        NativeLong syscall(NativeLong number, Object... args);

        int close(int fd);
    }

    /**
     * Linux on x86_64 or aarch64: the two share the generic ioctl numbers and the structure layouts our
     * callers hard-code, so elsewhere the features are off rather than wrong.
     */
    public static final boolean SUPPORTED = System.getProperty("os.name", "").equals("Linux")
            && (System.getProperty("os.arch", "").equals("amd64") || System.getProperty("os.arch", "").equals("aarch64"));

    private LinuxLibc() {}

    private static final class Holder {
        static final C LIBC = load();

        private static C load() {
            try {
                return Native.load("c", C.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return null;
            }
        }
    }

    /** libc, or null when this platform is not {@link #SUPPORTED} or libc cannot be loaded. */
    public static C libc() {
        return SUPPORTED ? Holder.LIBC : null;
    }
}
