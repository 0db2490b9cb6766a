package org.jgtlssh.gensio.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.Accepting;
import org.jgtlssh.testutil.StreamScenarios;
import org.junit.jupiter.api.Test;

class TcpRoundTripTest {

    @Test
    void bytesFlowBothWaysAndHalfCloseKeepsTheOtherDirection() throws Exception {
        try (Accepter acc = Gensios.accepter("tcp,ipv4,127.0.0.1,0")) {
            CompletableFuture<Gensio> server = Accepting.next(acc);
            try (Gensio c = Gensios.connect("tcp,127.0.0.1," + acc.port()); Gensio s = server.get()) {
                assertTrue(c.remoteAddress().startsWith("ipv4,127.0.0.1,"));
                StreamScenarios.halfCloseKeepsTheOtherDirection(c, s);
            }
        }
    }

    @Test
    void refusedConnectionNamesTheStack() {
        GensioException e = assertThrows(GensioException.class, () -> Gensios.connect("tcp,localhost,1"));
        assertEquals("tcp,localhost,1: connection refused", e.getMessage());
    }

    @Test
    void closeWhileAReadIsBlockedEndsTheRead() throws Exception {
        try (Accepter acc = Gensios.accepter("tcp,ipv4,127.0.0.1,0")) {
            Gensio c = Gensios.connect("tcp,127.0.0.1," + acc.port());
            try (Gensio s = acc.accept().open()) {
                StreamScenarios.closeEndsABlockedRead(c);
            }
        }
    }
}
