package org.jgtlssh.gensio.stdio;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code shutdown(fd, SHUT_WR)} on one of our own descriptors, through the FFM API.
 *
 * <p>Why: started inetd-style, our stdin and stdout are one socket. Closing fd 1 alone sends no FIN
 * while fd 0 still refers to the socket, so the peer would wait for an end of stream that never
 * comes. On anything that is not a socket the call fails with ENOTSOCK and changes nothing.
 */
final class FdShutdown {
    private static final int SHUT_WR = 1;
    private static final MethodHandle SHUTDOWN = lookup();

    private FdShutdown() {}

    @SuppressWarnings("restricted") // the launchers pass --enable-native-access
    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("shutdown")
                    .map(a -> linker.downcallHandle(a,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // no native access: closing the descriptor is all we can do
        }
    }

    /** Half-closes {@code fd} if it is a socket; returns true if it was. */
    static boolean shutdownWrite(int fd) {
        if (SHUTDOWN == null) {
            return false;
        }
        try {
            return (int) SHUTDOWN.invokeExact(fd, SHUT_WR) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
