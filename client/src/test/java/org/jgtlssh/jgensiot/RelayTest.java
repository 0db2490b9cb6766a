package org.jgtlssh.jgensiot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.ForwardingGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.pipe.Pipe;
import org.junit.jupiter.api.Test;

/** The relay's end-of-session rules, in memory over pipes (user ⇄ io1 ⇄ relay ⇄ io2 ⇄ peer). */
class RelayTest {
    private final Gensio[] a = Pipe.pair(4096); // a[0] = io1, a[1] = the user's end
    private final Gensio[] b = Pipe.pair(4096); // b[0] = io2, b[1] = the peer's end

    private CompletableFuture<Void> start(Gensio io1, EscapeMachine esc, boolean endWhenRemoteEnds) {
        return CompletableFuture.runAsync(() -> {
            try {
                new Relay(io1, b[0], esc, endWhenRemoteEnds).run();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static String readAll(Gensio g) throws IOException {
        return new String(g.inputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void endOfStreamIsPassedOnAsHalfCloseAndTheOtherWayKeepsGoing() throws Exception {
        CompletableFuture<Void> relay = start(a[0], null, false);
        a[1].write("request".getBytes());
        a[1].closeWrite();
        assertEquals("request", readAll(b[1])); // the peer sees EOF after the request
        b[1].write("answer".getBytes()); // ... and can still answer
        b[1].closeWrite();
        assertEquals("answer", readAll(a[1]));
        relay.get(10, TimeUnit.SECONDS);
    }

    @Test
    void escapeThenQEndsTheSession() throws Exception {
        CompletableFuture<Void> relay = start(a[0], new EscapeMachine(0x1c), false);
        a[1].write(new byte[] {'a', 'b', 0x1c, 'q', 'z'});
        relay.get(10, TimeUnit.SECONDS);
        assertEquals("ab", readAll(b[1]));
    }

    @Test
    void interactiveSessionsEndWhenTheRemoteEnds() throws Exception {
        CompletableFuture<Void> relay = start(a[0], null, true);
        b[1].write("bye".getBytes());
        b[1].closeWrite();
        relay.get(10, TimeUnit.SECONDS); // although the user never ended their input
        assertEquals("bye", readAll(a[1]));
    }

    @Test
    void aSideThatCannotHalfCloseEndsTheSession() throws Exception {
        Gensio noHalfClose = new Delegate(a[0]) {
            @Override
            public void closeWrite() {
                throw new UnsupportedOperationException("pty cannot half-close");
            }
        };
        CompletableFuture<Void> relay = start(noHalfClose, null, false);
        b[1].closeWrite();
        relay.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFailingSideEndsTheSessionWithItsError() {
        IOException boom = new IOException("tcp,h,1: connection reset");
        Gensio failing = new Delegate(a[0]) {
            @Override
            public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
                throw boom;
            }
        };
        CompletableFuture<Void> relay = start(failing, null, false);
        ExecutionException e = assertThrows(ExecutionException.class, () -> relay.get(10, TimeUnit.SECONDS));
        assertSame(boom, e.getCause().getCause());
    }

    /** Passes everything to another gensio; tests override one method. */
    private static class Delegate extends ForwardingGensio {
        Delegate(Gensio g) {
            super(g);
        }
    }
}
