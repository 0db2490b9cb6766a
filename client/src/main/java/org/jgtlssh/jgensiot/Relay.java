package org.jgtlssh.jgensiot;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.Gensio;

/**
 * Copies io1 to io2 and io2 to io1 on two virtual threads until the session is over.
 *
 * <p>End of stream is passed on as a half-close: when io1 ends, io2's write side is closed and the
 * copy from io2 goes on until io2 ends too (an HTTP request on stdin still gets its whole answer).
 * The session ends when both directions have ended, when either side fails, when a side that cannot
 * half-close (a pty) would need to, when the user quits with the escape character, or, for an
 * interactive terminal, as soon as the remote side ends (the user wants the prompt back).
 */
final class Relay {
    private final Gensio io1;
    private final Gensio io2;
    private final EscapeMachine escape;
    private final boolean endWhenRemoteEnds;
    private final CountDownLatch over = new CountDownLatch(1);
    private final CountDownLatch bothDone = new CountDownLatch(2);
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    /**
     * @param escape the escape machine for io1's input, or null
     * @param endWhenRemoteEnds end the session once io2 ends (interactive use)
     */
    Relay(Gensio io1, Gensio io2, EscapeMachine escape, boolean endWhenRemoteEnds) {
        this.io1 = io1;
        this.io2 = io2;
        this.escape = escape;
        this.endWhenRemoteEnds = endWhenRemoteEnds;
    }

    private org.jgtlssh.client.EscapeMachine serialEscape;
    private org.jgtlssh.client.SerialKeys serialKeys;

    /**
     * io2 is a serial port (a local serialdev, or a telnet(rfc2217) client that the server agreed to):
     * io1's escape keys are gtlssh's and gensiot's serial keys ({@code ^\ s 19200 Enter}, {@code n o e},
     * {@code 5-8}, {@code 1 2}, {@code x r f}, {@code d}, {@code b}, {@code q}); local text goes to io1.
     */
    Relay withSerialKeys(int escapeChar) {
        this.serialEscape = new org.jgtlssh.client.EscapeMachine(escapeChar);
        this.serialKeys = new org.jgtlssh.client.SerialKeys(io2);
        return this;
    }

    /** Runs the session to its end and closes both sides. Throws the first failure, if any. */
    void run() throws IOException {
        Thread a = Thread.ofVirtual().name("io1->io2").start(() -> copy(io1, io2, escape, false));
        Thread b = Thread.ofVirtual().name("io2->io1").start(() -> copy(io2, io1, null, endWhenRemoteEnds));
        Thread.ofVirtual().start(() -> {
            try {
                bothDone.await();
            } catch (InterruptedException ignored) {
                // the session ends anyway
            }
            over.countDown();
        });
        try {
            over.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(io2);
        closeQuietly(io1);
        try {
            a.join(2000);
            b.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    private void copy(Gensio from, Gensio to, EscapeMachine esc, boolean endAllAtEof) {
        byte[] buf = new byte[Math.max(16384, Math.min(from.maxReadSize(), 1 << 20))];
        byte[] filtered = esc == null ? null : new byte[buf.length * 2];
        try {
            while (true) {
                int n = from.read(buf, 0, buf.length);
                if (n < 0) {
                    break;
                }
                if (esc != null && serialEscape != null) {
                    if (serialKeys(buf, n, to)) {
                        over.countDown();
                        return;
                    }
                } else if (esc != null) {
                    int m = esc.filter(buf, 0, n, filtered);
                    if (m > 0) {
                        to.write(filtered, 0, m);
                    }
                    if (esc.quit()) {
                        over.countDown();
                        return;
                    }
                } else if (n > 0) {
                    to.write(buf, 0, n);
                }
            }
            if (endAllAtEof) {
                to.flush();
                over.countDown();
                return;
            }
            try {
                to.closeWrite();
            } catch (UnsupportedOperationException e) {
                over.countDown(); // no half-close on this side: the whole session ends here
                return;
            }
            bothDone.countDown();
        } catch (IOException e) {
            if (!from.isClosed() && !to.isClosed()) {
                failure.compareAndSet(null, e);
            }
            over.countDown();
        }
    }

    /** Runs io1's input through the serial escape machine; true when the user quit. */
    private boolean serialKeys(byte[] buf, int n, Gensio to) throws IOException {
        for (org.jgtlssh.client.EscapeMachine.Action a : serialEscape.feed(buf, 0, n)) {
            switch (a) {
                case org.jgtlssh.client.EscapeMachine.Send s -> to.write(s.data(), 0, s.data().length);
                case org.jgtlssh.client.EscapeMachine.Quit q -> {
                    return true;
                }
                case org.jgtlssh.client.EscapeMachine.Break b -> {
                    if (!to.set(org.jgtlssh.gensio.Controls.SEND_BREAK, 250)) {
                        local("[break is not supported on this connection]\r\n");
                    }
                }
                case org.jgtlssh.client.EscapeMachine.Help h -> local(serialEscape.helpText());
                case org.jgtlssh.client.EscapeMachine.Echo e -> local(e.text());
                case org.jgtlssh.client.EscapeMachine.Serial k -> local(serialKeys.run(k));
            }
        }
        return false;
    }

    private void local(String text) throws IOException {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        io1.write(b, 0, b.length);
        io1.flush();
    }

    private static void closeQuietly(Gensio g) {
        try {
            g.close();
        } catch (IOException e) {
            g.abort();
        }
    }
}
