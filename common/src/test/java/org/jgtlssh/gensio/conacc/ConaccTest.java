package org.jgtlssh.gensio.conacc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.jgtlssh.testutil.Accepting;
import org.jgtlssh.testutil.FreePort;
import org.junit.jupiter.api.Test;

class ConaccTest {

    @Test
    void dialsOutAndReopensAfterTheConnectionCloses() throws Exception {
        // spec §6 example 24: conacc,tcp,localhost,PORT
        try (Accepter server = Gensios.accepter("tcp,ipv4,127.0.0.1,0");
                Accepter conacc = Gensios.accepter("conacc,tcp,127.0.0.1," + server.port())) {
            for (int round = 0; round < 2; round++) {
                CompletableFuture<Gensio> serverSide = Accepting.next(server);
                Gensio offered = conacc.accept().open();
                try (Gensio s = serverSide.get(10, TimeUnit.SECONDS)) {
                    offered.write(("round " + round).getBytes());
                    offered.closeWrite();
                    assertEquals("round " + round, new String(s.inputStream().readAllBytes()));
                    s.write("ok".getBytes());
                    s.closeWrite();
                    assertEquals("ok", new String(offered.inputStream().readAllBytes()));
                }
                offered.close(); // lets conacc dial again
            }
        }
    }

    @Test
    void offersOneConnectionAtATime() throws Exception {
        try (Accepter conacc = Gensios.accepter("conacc,stdio,cat")) {
            Gensio first = conacc.accept().open();
            CompletableFuture<Gensio> second = Accepting.next(conacc);
            first.write("1".getBytes());
            assertEquals('1', first.inputStream().read());
            assertTrue(!second.isDone(), "a second connection while the first is open");
            first.close();
            try (Gensio g = second.get(10, TimeUnit.SECONDS)) {
                g.write("2".getBytes());
                g.closeWrite();
                assertEquals("2", new String(g.inputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void retryTimeKeepsDiallingUntilThePeerIsUp() throws Exception {
        int port = FreePort.find();
        try (Accepter conacc = Gensios.accepter("conacc(retry-time=50),tcp,127.0.0.1," + port)) {
            CompletableFuture<Gensio> offered = Accepting.next(conacc);
            assertTrue(!offered.isDone());
            try (Accepter server = Gensios.accepter("tcp,ipv4,127.0.0.1," + port);
                    Gensio s = server.accept().open();
                    Gensio o = offered.get(10, TimeUnit.SECONDS)) {
                s.write("up".getBytes());
                s.closeWrite();
                assertEquals("up", new String(o.inputStream().readAllBytes()));
            }
        }
    }

    @Test
    void withoutRetryAFailedOpenIsReported() throws Exception {
        int port = FreePort.find();
        try (Accepter conacc = Gensios.accepter("conacc,tcp,127.0.0.1," + port)) {
            GensioException e = assertThrows(GensioException.class, conacc::accept);
            assertTrue(e.getMessage().contains("tcp,127.0.0.1," + port + ": connection refused"), e.getMessage());
        }
    }

    @Test
    void conaccIsAnAccepterOverAConnectorStack() {
        assertThrows(StackSyntaxException.class, () -> Gensios.connect("conacc,tcp,localhost,1"));
        assertThrows(StackSyntaxException.class, () -> Gensios.accepter("conacc"));
        assertThrows(StackSyntaxException.class, () -> Gensios.accepter("conacc,tcp,1")); // needs a host
        assertThrows(StackSyntaxException.class, () -> Gensios.accepter("conacc(retry-time=5x),stdio,cat"));
    }
}
