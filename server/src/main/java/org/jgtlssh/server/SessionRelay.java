package org.jgtlssh.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobDecoder;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;

/**
 * Joins a session's main channel and its program.
 *
 * <pre>
 *   channel ──data──────────────▶ program stdin          (virtual thread)
 *   channel ──OOB w/r/E/k/K─────▶ resize / -R request / end input / keepalive
 *   program stdout ─────────────▶ channel data           (platform thread: pty reads pin)
 *   program stderr ─────────────▶ channel OOB 'e'        (platform thread; extension only)
 *   program exit ───────────────▶ channel OOB 'x', close (extension only; else just close)
 * </pre>
 *
 * <p>The order on the channel is gensio's: the ready byte once the program runs, then (our client only)
 * the accepted extensions, then output. Writes from the pumps are serialized by one lock: a channel has
 * one writer at a time.
 */
public final class SessionRelay {
    private static final int BUF = 16384;
    private static final long PTY_DRAIN_MS = 2000;
    private static final long PUMP_STACK = 256 * 1024;

    private final Gensio channel;
    private final SessionProcess process;
    private final Set<Feature> accepted; // null: a gensio client, plain protocol
    private final boolean login;
    private final Duration keepalive;
    private final Consumer<OobMessage.RemoteForwardRequest> remoteForwards;
    private final Consumer<String> log;
    private final Object writeLock = new Object();
    private final AtomicBoolean clientGone = new AtomicBoolean();
    private final AtomicLong lastHeard = new AtomicLong(System.nanoTime());
    private final AtomicInteger pingToken = new AtomicInteger();

    /**
     * @param accepted the extensions accepted for this session, or null when the client did not offer any
     * @param keepalive the server's keepalive interval (zero: none); used only when accepted
     * @param remoteForwards receives {@code -R} requests (they arrive on the main channel)
     */
    public SessionRelay(Gensio channel, SessionProcess process, Set<Feature> accepted, boolean login,
            Duration keepalive, Consumer<OobMessage.RemoteForwardRequest> remoteForwards, Consumer<String> log) {
        this.channel = channel;
        this.process = process;
        this.accepted = accepted;
        this.login = login;
        this.keepalive = keepalive;
        this.remoteForwards = remoteForwards;
        this.log = log;
    }

    private boolean has(Feature f) {
        return accepted != null && accepted.contains(f);
    }

    /** Runs the session to its end and closes the channel; returns how the program ended. */
    public ExitStatus run() throws InterruptedException {
        try {
            write(OobEncoder.ready(), WriteFlags.OOB);
            if (accepted != null) {
                write(OobEncoder.encode(new OobMessage.ExtensionsAccepted(accepted)), WriteFlags.OOB);
            }
        } catch (IOException e) {
            clientGone.set(true);
        }
        CountDownLatch outputs = new CountDownLatch(process.stderr() == null ? 1 : 2);
        // platform threads (pty and pipe reads block in native code); they only copy: small stacks
        Thread.ofPlatform().daemon().stackSize(PUMP_STACK).name("session-out")
                .start(() -> pump(process.stdout(), false, outputs));
        if (process.stderr() != null) {
            Thread.ofPlatform().daemon().stackSize(PUMP_STACK).name("session-err")
                    .start(() -> pump(process.stderr(), true, outputs));
        }
        Thread input = Thread.ofVirtual().name("session-in").start(this::input);
        Thread pinger = has(Feature.KEEPALIVE) && !keepalive.isZero()
                ? Thread.ofVirtual().name("session-keepalive").start(this::keepalive)
                : null;
        if (clientGone.get()) {
            process.hangup();
        }
        ExitStatus status = process.waitFor();
        if (login) {
            // a background job may keep the pty open: give the output a moment, then end anyway
            outputs.await(PTY_DRAIN_MS, TimeUnit.MILLISECONDS);
        } else {
            outputs.await();
        }
        if (pinger != null) {
            pinger.interrupt();
        }
        if (!clientGone.get() && has(Feature.EXIT_STATUS)) {
            try {
                write(OobEncoder.encode(new OobMessage.Exit(status)), WriteFlags.OOB);
            } catch (IOException e) {
                clientGone.set(true);
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            channel.abort();
        }
        input.join(1000);
        return status;
    }

    private void write(byte[] b, int flags) throws IOException {
        synchronized (writeLock) {
            channel.write(b, 0, b.length, flags);
        }
    }

    private void pump(InputStream in, boolean stderr, CountDownLatch done) {
        byte[] buf = new byte[BUF];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (clientGone.get()) {
                    continue; // drain so the program is not stuck on a full pipe while it is hung up
                }
                try {
                    if (stderr) {
                        write(OobEncoder.stderr(buf, 0, n), WriteFlags.OOB);
                    } else {
                        synchronized (writeLock) {
                            channel.write(buf, 0, n, 0);
                        }
                    }
                } catch (IOException e) {
                    clientGone();
                }
            }
        } catch (IOException e) {
            // a pty reports the end of its slave side as EIO
        } finally {
            done.countDown();
        }
    }

    private void input() {
        byte[] buf = new byte[Math.max(channel.maxReadSize(), 1024)];
        ReadMeta meta = new ReadMeta();
        OobDecoder oob = new OobDecoder(OobDecoder.Direction.TO_SERVER);
        OutputStream stdin = process.stdin();
        boolean inputEnded = false;
        try {
            int n;
            while ((n = channel.read(buf, 0, buf.length, meta)) >= 0) {
                lastHeard.set(System.nanoTime());
                if (meta.oob()) {
                    for (OobMessage m : oob.feed(buf, 0, n)) {
                        inputEnded |= control(m);
                    }
                } else if (n > 0 && !inputEnded) {
                    try {
                        stdin.write(buf, 0, n);
                        stdin.flush();
                    } catch (IOException e) {
                        inputEnded = true; // the program closed its stdin; keep reading controls
                    }
                }
            }
        } catch (IOException e) {
            // the connection failed
        }
        clientGone();
    }

    /** Handles one control message; returns true when it ended the input. */
    private boolean control(OobMessage m) {
        switch (m) {
            case OobMessage.WindowSizeChange w -> {
                if (login) {
                    process.resize(w.size());
                }
            }
            case OobMessage.RemoteForwardRequest r -> remoteForwards.accept(r);
            case OobMessage.EndOfInput e -> {
                if (has(Feature.HALF_CLOSE)) {
                    process.endInput();
                    return true;
                }
            }
            case OobMessage.Ping p -> {
                if (has(Feature.KEEPALIVE)) {
                    try {
                        write(OobEncoder.encode(new OobMessage.Pong(p.token())), WriteFlags.OOB);
                    } catch (IOException e) {
                        clientGone();
                    }
                }
            }
            case OobMessage.Unknown u -> log.accept("ignored OOB message id 0x" + Integer.toHexString(u.id())
                    + " length " + u.length());
            default -> {
                // Pong: lastHeard is already updated; others cannot come from a client
            }
        }
        return false;
    }

    private void keepalive() {
        long interval = keepalive.toNanos();
        try {
            while (!clientGone.get()) {
                Thread.sleep(keepalive);
                if (System.nanoTime() - lastHeard.get() > 3 * interval) {
                    log.accept("keepalive: nothing heard for " + 3 * keepalive.toSeconds() + " s, closing");
                    clientGone();
                    channel.abort();
                    return;
                }
                write(OobEncoder.encode(new OobMessage.Ping(pingToken.incrementAndGet())), WriteFlags.OOB);
            }
        } catch (InterruptedException | IOException e) {
            // session over
        }
    }

    private void clientGone() {
        if (clientGone.compareAndSet(false, true)) {
            process.hangup();
        }
    }
}
