package org.jgtlssh.jgensiot;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Proxy;
import org.jgtlssh.gensio.WindowSize;

/**
 * The size of the terminal on our stdin ({@code ioctl(0, TIOCGWINSZ)} through FFM) and a hook for
 * its changes (SIGWINCH), so an interactive jgensiot can keep a pty on the other side the same size.
 *
 * <pre>
 *   struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; }   TIOCGWINSZ = 0x5413 (Linux)
 * </pre>
 *
 * SIGWINCH is caught through {@code sun.misc.Signal}, looked up reflectively: it is the JDK's only
 * signal API, and a missing one only means sizes are not followed.
 */
final class TerminalSize {
    private static final long TIOCGWINSZ = 0x5413;
    private static final MethodHandle IOCTL = lookup();

    private TerminalSize() {}

    @SuppressWarnings("restricted") // the launcher passes --enable-native-access
    private static MethodHandle lookup() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("ioctl")
                    .map(a -> linker.downcallHandle(a,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                                    ValueLayout.ADDRESS),
                            Linker.Option.firstVariadicArg(2)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The size of the terminal on stdin, or null if stdin is not one (or the size is unknown). */
    static WindowSize ofStdin() {
        if (IOCTL == null) {
            return null;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(8);
            int rc = (int) IOCTL.invokeExact(0, TIOCGWINSZ, ws);
            if (rc != 0) {
                return null;
            }
            int rows = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0));
            int cols = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2));
            int xpix = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT_UNALIGNED, 4));
            int ypix = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT_UNALIGNED, 6));
            return rows == 0 && cols == 0 ? null : new WindowSize(rows, cols, xpix, ypix);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Runs {@code onChange} (on a signal thread) whenever the terminal is resized. Returns false if it cannot. */
    static boolean onResize(Runnable onChange) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object winch = signal.getConstructor(String.class).newInstance("WINCH");
            Object h = Proxy.newProxyInstance(TerminalSize.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            onChange.run();
                        }
                        return null;
                    });
            signal.getMethod("handle", signal, handler).invoke(null, winch, h);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
