package org.jgtlssh.gensio.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.jgtlssh.testutil.Accepting;
import org.jgtlssh.testutil.StreamScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void bytesFlowBothWaysAndHalfCloseKeepsTheOtherDirection() throws Exception {
        Path sock = dir.resolve("s.sock");
        try (Accepter acc = Gensios.accepter("unix," + sock)) {
            CompletableFuture<Gensio> server = Accepting.next(acc);
            try (Gensio c = Gensios.connect("unix," + sock); Gensio s = server.get()) {
                assertEquals("unix," + sock, c.remoteAddress());
                StreamScenarios.halfCloseKeepsTheOtherDirection(c, s);
            }
        }
        assertFalse(Files.exists(sock), "the accepter removes its socket file at close");
    }

    @Test
    void anExistingSocketIsRefusedUnlessDelsock() throws Exception {
        Path sock = dir.resolve("stale.sock");
        // a stale socket file, as a crashed server leaves it
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(sock));
        }
        assertTrue(Files.exists(sock));
        GensioException e = assertThrows(GensioException.class, () -> Gensios.accepter("unix," + sock));
        assertTrue(e.getMessage().startsWith("unix," + sock + ": address already in use"), e.getMessage());
        try (Accepter acc = Gensios.accepter("unix(delsock),"+ sock)) {
            CompletableFuture<Gensio> server = Accepting.next(acc);
            try (Gensio c = Gensios.connect("unix," + sock); Gensio s = server.get()) {
                c.write("x".getBytes());
                assertEquals('x', s.inputStream().read());
            }
        }
        assertFalse(Files.exists(sock));
    }

    @Test
    void delsockNeverStealsTheAddressOfARunningServer() throws Exception {
        Path sock = dir.resolve("live.sock");
        try (Accepter running = Gensios.accepter("unix," + sock)) {
            GensioException e = assertThrows(GensioException.class, () -> Gensios.accepter("unix(delsock)," + sock));
            assertTrue(e.getMessage().contains("in use by a running server"), e.getMessage());
            try (Gensio probe = running.accept().open()) {
                assertEquals(-1, probe.read(new byte[1], 0, 1), "the liveness probe connects and leaves");
            }
            CompletableFuture<Gensio> server = Accepting.next(running);
            try (Gensio c = Gensios.connect("unix," + sock); Gensio s = server.get()) {
                c.write("still mine".getBytes());
                c.closeWrite();
                assertEquals("still mine", new String(s.inputStream().readAllBytes()));
            }
        }
    }

    @Test
    void delsockNeverDeletesARegularFile() throws Exception {
        Path file = dir.resolve("data");
        Files.writeString(file, "precious");
        GensioException e = assertThrows(GensioException.class, () -> Gensios.accepter("unix(delsock)," + file));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    @SuppressWarnings("try") // the accepter only has to exist while the file is checked
    void modesSetTheSocketPermissions() throws Exception {
        Path sock = dir.resolve("m.sock");
        try (Accepter acc = Gensios.accepter("unix(umode=rw,gmode=r,omode=0),"+ sock)) {
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        }
        try (Accepter acc = Gensios.accepter("unix(perm=0600)," + sock)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        }
        assertThrows(StackSyntaxException.class, () -> Gensios.accepter("unix(umode=rwz)," + sock));
        assertThrows(StackSyntaxException.class, () -> Gensios.connect("unix(delsock)," + sock));
    }

    @Test
    void connectingToNothingSaysSo() {
        GensioException e = assertThrows(GensioException.class, () -> Gensios.connect("unix," + dir.resolve("none")));
        assertEquals("unix," + dir.resolve("none") + ": no such socket", e.getMessage());
    }

    @Test
    @SuppressWarnings("try") // the server side only has to stay open
    void closeWhileAReadIsBlockedEndsTheRead() throws Exception {
        Path sock = dir.resolve("c.sock");
        try (Accepter acc = Gensios.accepter("unix," + sock)) {
            CompletableFuture<Gensio> server = Accepting.next(acc);
            Gensio c = Gensios.connect("unix," + sock);
            try (Gensio s = server.get()) {
                StreamScenarios.closeEndsABlockedRead(c);
            }
        }
    }

    @Test
    void aStoppedReaderBlocksTheWriterAndNothingIsLost() throws Exception {
        Path sock = dir.resolve("bp.sock");
        try (Accepter acc = Gensios.accepter("unix," + sock)) {
            CompletableFuture<Gensio> server = Accepting.next(acc);
            try (Gensio c = Gensios.connect("unix," + sock); Gensio s = server.get()) {
                // nobody reads: the writer stalls with the kernel buffers full, far below 64 MiB
                StreamScenarios.stoppedReaderBlocksWriterAndNothingIsLost(c, s, 64L << 20, 16L << 20);
            }
        }
    }
}
