package org.jgtlssh.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;

/** The server side of a test connection, accepted in the background while the test connects. */
public final class Accepting {
    private Accepting() {}

    /**
     * Accepts the next connection on {@code acc} and runs its server handshakes ({@code open()}) on a
     * virtual thread; the future fails with the handshake's exception (wrapped) when it is refused.
     */
    public static CompletableFuture<Gensio> next(Accepter acc) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return acc.accept().open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }
}
