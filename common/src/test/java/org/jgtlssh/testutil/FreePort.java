package org.jgtlssh.testutil;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port on 127.0.0.1 that was free a moment ago, for programs that must be told a port. */
public final class FreePort {
    private FreePort() {}

    public static int find() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
