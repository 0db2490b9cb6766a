package org.jgtlssh.gensio.pty;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Reads the line discipline of a pty through {@code tcgetattr} on the master (the pair shares one
 * termios), via the FFM API: is the program's terminal canonical (cooked), and what is its EOF
 * character? That is what {@link PtyGensio#closeWrite()} needs to pass an end of input on the way
 * util-linux {@code script} does.
 *
 * <pre>
 *   struct termios (Linux):  c_iflag c_oflag c_cflag c_lflag   c_line  c_cc[32]  ... speeds
 *   offset:                  0       4       8       12        16      17
 * </pre>
 */
final class PtyTermios {
    private static final int LFLAG_OFFSET = 12;
    private static final int CC_OFFSET = 17;
    private static final int VEOF = 4;
    private static final int ICANON = 0x2;
    private static final long SIZE = 64; // sizeof(struct termios) is 60 on Linux
    private static final MethodHandle TCGETATTR = lookup();

    private PtyTermios() {}

    @SuppressWarnings("restricted") // the launchers and the tests pass --enable-native-access
    private static MethodHandle lookup() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return null; // the layout above is Linux's
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("tcgetattr")
                    .map(a -> linker.downcallHandle(a,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The EOF character if the terminal on {@code masterFd} is canonical, else -1 (raw: no EOF character). */
    static int canonicalEofChar(int masterFd) {
        if (TCGETATTR == null || masterFd < 0) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(SIZE);
            int rc = (int) TCGETATTR.invokeExact(masterFd, t);
            if (rc != 0) {
                return -1;
            }
            int lflag = t.get(ValueLayout.JAVA_INT_UNALIGNED, LFLAG_OFFSET);
            if ((lflag & ICANON) == 0) {
                return -1;
            }
            return t.get(ValueLayout.JAVA_BYTE, CC_OFFSET + VEOF) & 0xff;
        } catch (Throwable e) {
            return -1;
        }
    }
}
