package org.jgtlssh.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobDecoder;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;

/**
 * Moves the bytes of one session between the local side (stdin, stdout, stderr) and the main channel,
 * and handles the channel's OOB messages.
 *
 * <pre>
 *   stdin  --(escape machine if interactive)--&gt; channel data
 *   channel data ------------------------------&gt; stdout
 *   channel OOB: 'r' ready   -&gt; window-size reporting starts (interactive)
 *                'A' accepted extensions (jgtlsshd only; absent with gensio's gtlsshd)
 *                'e' stderr  -&gt; stderr             'x' exit status -&gt; our exit status
 *   stdin EOF: with "eof" accepted -&gt; OOB 'E' (the program sees EOF, output goes on)
 *              without            -&gt; the connection is closed, as gensio's gtlssh does
 * </pre>
 *
 * Threads: the caller's thread reads the channel; one platform thread pumps stdin (a blocking read of
 * fd 0 must not pin a virtual thread's carrier). All channel writes go through one lock, because a
 * gensio allows one writer at a time and window-size reports come from the signal thread.
 */
final class SessionIO {
    /** How long to wait after the ready byte for the extension answer before assuming a gensio server. */
    static final Duration NEGOTIATION_WAIT = Duration.ofSeconds(2);

    private final Gensio ch;
    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private final EscapeMachine escape;
    private volatile SerialKeys serialKeys = new SerialKeys(null);
    private final TerminalHooks terminal;
    private final boolean offered;
    private final DebugLog log;
    private final Object writeLock = new Object();
    private final OobDecoder decoder = new OobDecoder(OobDecoder.Direction.TO_CLIENT);
    private final CountDownLatch negotiated = new CountDownLatch(1);
    private final AtomicReference<Set<Feature>> accepted = new AtomicReference<>(Set.of());
    private final AtomicReference<ExitStatus> exit = new AtomicReference<>();
    private final AtomicBoolean userQuit = new AtomicBoolean();
    private final AtomicBoolean inputClosedConnection = new AtomicBoolean();
    private final AtomicReference<WindowSize> pendingSize = new AtomicReference<>();
    private volatile boolean ready;
    /** The server answered the offer with nothing: gensio's gtlsshd. */
    private volatile boolean plainGensio;
    private volatile boolean reportSizes;

    /**
     * @param offered true if our session request carried the extension offer
     */
    SessionIO(Gensio ch, InputStream in, OutputStream out, OutputStream err, EscapeMachine escape, TerminalHooks terminal,
            boolean offered, DebugLog log) {
        this.ch = ch;
        this.in = in;
        this.out = out;
        this.err = err;
        this.escape = escape;
        this.terminal = terminal;
        this.offered = offered;
        this.log = log;
        if (!offered) {
            negotiated.countDown();
        }
    }

    /** The target of the escape machine's serial keys (the -r telnet layer); default: none. */
    void serialKeys(SerialKeys keys) {
        this.serialKeys = keys;
    }

    /** Queued before the session runs: OOB messages such as -R requests (gensio sends them first). */
    void sendOob(OobMessage m) throws IOException {
        byte[] b = OobEncoder.encode(m);
        synchronized (writeLock) {
            ch.write(b, 0, b.length, WriteFlags.OOB);
            ch.flush();
        }
    }

    /** Runs until the channel ends; returns the exit status for the process. */
    int run() throws IOException {
        Thread pump = Thread.ofPlatform().daemon().name("jgtlssh-stdin").start(this::pumpInput);
        IOException failure = null;
        try {
            readChannel();
        } catch (IOException e) {
            failure = e;
        } finally {
            negotiated.countDown();
            out.flush();
            err.flush();
        }
        if (userQuit.get() || inputClosedConnection.get()) {
            return ExitCodes.OK; // gtlssh: ^\ q and stdin EOF (without "eof") end with 0
        }
        if (failure != null) {
            if (ready && plainGensio) {
                // gensio's gtlsshd often ends a session by dropping the connection (and 2.6.2 drops it when a
                // forwarded channel closes); gtlssh exits 0 whenever the session had started.
                log.debug(1, "the server closed the connection: " + failure.getMessage());
                return ExitCodes.OK;
            }
            throw failure;
        }
        ExitStatus x = exit.get();
        if (x != null) {
            if (x.signaled() && x.value() != 2 && x.value() != 13) {
                // as bash does for a foreground job (quiet for INT and PIPE); the status is 128+N like a shell's
                log.always("remote program killed by signal " + x.value() + " (SIG" + x.signalName() + ")");
            }
            return x.shellStatus();
        }
        if (accepted.get().contains(Feature.EXIT_STATUS)) {
            log.always("the server closed the session without an exit status");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK; // gensio's gtlsshd reports no status: gtlssh exits 0
    }

    private void readChannel() throws IOException {
        byte[] buf = new byte[Math.max(4096, Math.min(ch.maxReadSize(), 1 << 16))];
        ReadMeta meta = new ReadMeta();
        while (true) {
            meta.clear();
            int n;
            try {
                n = ch.read(buf, 0, buf.length, meta);
            } catch (IOException e) {
                if (userQuit.get() || inputClosedConnection.get()) {
                    return;
                }
                throw e;
            }
            if (n < 0) {
                return;
            }
            if (meta.oob()) {
                for (OobMessage m : decoder.feed(buf, 0, n)) {
                    handle(m);
                }
                continue;
            }
            if (ready && negotiated.getCount() > 0) {
                endNegotiation(Set.of()); // data before any 'A': a gensio server
            }
            out.write(buf, 0, n);
            out.flush();
        }
    }

    private void handle(OobMessage m) throws IOException {
        switch (m) {
            case OobMessage.Ready r -> {
                ready = true;
                if (!offered) {
                    startSizeReports();
                } else {
                    // The 'A' follows at once from jgtlsshd; give a gensio server a moment, then decide.
                    Thread.ofVirtual().start(() -> {
                        try {
                            if (!negotiated.await(NEGOTIATION_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                                endNegotiation(Set.of());
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    startSizeReports();
                }
            }
            case OobMessage.ExtensionsAccepted a -> endNegotiation(a.features());
            case OobMessage.Stderr s -> {
                err.write(s.data());
                err.flush();
            }
            case OobMessage.Exit x -> exit.set(x.status());
            case OobMessage.Ping p -> sendOob(new OobMessage.Pong(p.token()));
            default -> log.debug(2, "ignored OOB message " + m);
        }
    }

    private void endNegotiation(Set<Feature> features) {
        if (negotiated.getCount() == 0) {
            return;
        }
        accepted.set(features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features)));
        plainGensio = features.isEmpty();
        if (features.isEmpty() && offered) {
            log.debug(1, "the server does not speak jgtlssh's extensions (gensio's gtlsshd?): no exit status, "
                    + "no separate stderr, and end of input closes the session");
        } else if (offered) {
            log.debug(1, "server accepted extensions " + features);
        }
        negotiated.countDown();
    }

    private void startSizeReports() {
        if (terminal == null || reportSizes) {
            return;
        }
        reportSizes = true;
        terminal.onResize(() -> queueSize(terminal.size()));
        queueSize(terminal.size());
    }

    /** Only the latest size matters: a newer size replaces one not yet sent (as gtlssh does). */
    private void queueSize(WindowSize s) {
        if (s == null || pendingSize.getAndSet(s) != null) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            WindowSize latest = pendingSize.getAndSet(null);
            if (latest != null) {
                try {
                    sendOob(new OobMessage.WindowSizeChange(latest));
                } catch (IOException | RuntimeException e) {
                    log.debug(1, "window size not sent: " + e.getMessage());
                }
            }
        });
    }

    private void pumpInput() {
        byte[] buf = new byte[16384];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    endOfInput();
                    return;
                }
                if (n == 0) {
                    continue;
                }
                List<EscapeMachine.Action> actions = escape.feed(buf, 0, n);
                for (EscapeMachine.Action a : actions) {
                    switch (a) {
                        case EscapeMachine.Send s -> {
                            synchronized (writeLock) {
                                ch.write(s.data(), 0, s.data().length, 0);
                                ch.flush();
                            }
                        }
                        case EscapeMachine.Quit q -> {
                            userQuit.set(true);
                            ch.abort();
                            return;
                        }
                        case EscapeMachine.Break b -> {
                            String said = serialKeys.sendBreak();
                            if (said != null && terminal != null) {
                                terminal.message(said);
                            }
                        }
                        case EscapeMachine.Help h -> {
                            if (terminal != null) {
                                terminal.message(escape.helpText());
                            }
                        }
                        case EscapeMachine.Echo e -> {
                            if (terminal != null) {
                                terminal.message(e.text());
                            }
                        }
                        case EscapeMachine.Serial k -> {
                            String said = serialKeys.run(k); // waits for the far end's answers
                            if (terminal != null) {
                                terminal.message(said);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The channel closed under us (session over) or stdin failed: the reader side decides.
            log.debug(2, "input pump ended: " + e.getMessage());
        }
    }

    private void endOfInput() throws IOException {
        try {
            negotiated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (accepted.get().contains(Feature.HALF_CLOSE)) {
            log.debug(2, "end of input: sending 'E'");
            sendOob(new OobMessage.EndOfInput());
            return;
        }
        if (terminal != null) {
            return; // an interactive terminal at EOF: leave the session to the user (^\ q)
        }
        // gensio's gtlssh closes the whole connection at EOF on stdin; with a gensio server there is no
        // other way to tell the program its input ended.
        log.debug(1, "end of input: closing the session (the server has no half-close)");
        inputClosedConnection.set(true);
        try {
            synchronized (writeLock) {
                ch.flush();
            }
            ch.close();
        } catch (IOException e) {
            ch.abort();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
