package org.jgtlssh.gensio.mux;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;

/** A hand-driven mux peer on one end of a pipe: sends chosen bytes, decodes what it receives. */
final class RawPeer {
    static final Object EOF = new Object();
    final Gensio io;
    final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();

    RawPeer(Gensio io) {
        this.io = io;
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[1 << 18];
            int end = 0;
            try {
                while (true) {
                    int n = io.read(buf, end, buf.length - end);
                    if (n < 0) {
                        break;
                    }
                    end += n;
                    int off = 0;
                    MuxCodec.Decoded d;
                    while ((d = MuxCodec.decode(buf, off, end - off)) != null) {
                        received.add(d.message());
                        off += d.length();
                    }
                    System.arraycopy(buf, off, buf, 0, end - off);
                    end -= off;
                }
            } catch (IOException e) {
                // the pipe broke: same as EOF for the tests
            }
            received.add(EOF);
        });
    }

    void send(MuxMessage m) throws IOException {
        io.write(MuxCodec.encode(m));
    }

    void sendHex(String hex) throws IOException {
        io.write(HexFormat.of().parseHex(hex));
    }

    /** The next message (or {@link #EOF}); fails after 10 s. */
    Object next() throws InterruptedException {
        Object o = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(o, "nothing received within 10 s");
        return o;
    }

    <T> T next(Class<T> type) throws InterruptedException {
        Object o = next();
        if (!type.isInstance(o)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + o);
        }
        return type.cast(o);
    }

    /** A negative check: nothing arrives within {@code d} (the only place a wait is the assertion). */
    Object within(Duration d) throws InterruptedException {
        return received.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
