package org.jgtlssh.gensio.ssl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.FilterGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.WriteFlags;

/**
 * TLS 1.3 / 1.2 over any reliable child gensio, driven through a SunJSSE {@link SSLEngine}: plain TLS
 * records on the child, no framing of our own (wire-compatible with gensio's ssl, see
 * {@code spec/ssl.md}).
 *
 * <pre>
 *   writer thread ── write() ──[writeLock]── engine.wrap ──► netOut ──► child.write   (one record per
 *                                                                                    write, ≤ writebuf)
 *   reader thread ── read() ───[readLock]─── appIn ◄── engine.unwrap ◄── netIn ◄── child.read
 *                                  └─ post-handshake messages that need an answer (TLS 1.2 close,
 *                                     KeyUpdate) are wrapped under writeLock by the reader
 * </pre>
 *
 * The handshake runs in {@link #open} on the caller's thread under the {@code con-timeout} deadline;
 * then the peer's certificate is judged (CA store, then the program's {@link PeerTrust}). Buffers are
 * sized from the engine's packet and application sizes, so memory per connection is bounded whatever
 * the peer sends.
 */
public final class SslGensio extends FilterGensio {
    /** How long {@link #close()} waits for the peer's close_notify (or EOF) before closing the child. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final SslOptions opts;
    private final OpenContext ctx;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();

    // reader side, guarded by readLock; both kept in "read mode" (position..limit = pending bytes)
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private byte[] packetScratch;
    private boolean inboundDone;

    // writer side, guarded by writeLock
    private ByteBuffer netOut;
    private boolean outboundDone;

    /** The reader has a handshake answer to send and could not take the write lock (see afterUnwrap). */
    private volatile boolean wrapPending;

    private volatile X509Certificate[] peerChain;
    private volatile boolean authenticated;

    private SslGensio(SSLEngine engine, SslOptions opts, Gensio child, OpenContext ctx) {
        super("ssl", child);
        this.engine = engine;
        this.opts = opts;
        this.ctx = ctx;
        SSLSession s = engine.getSession();
        this.netIn = ByteBuffer.allocate(s.getPacketBufferSize()).flip();
        this.appIn = ByteBuffer.allocate(s.getApplicationBufferSize()).flip();
        this.netOut = ByteBuffer.allocate(s.getPacketBufferSize());
    }

    /**
     * Runs the TLS handshake over {@code child} and judges the peer's certificate. On failure the child
     * is left for the caller to close (the {@link org.jgtlssh.gensio.LayerFactory#wrap} contract).
     */
    public static SslGensio open(SslOptions o, Gensio child, OpenContext ctx) throws IOException {
        if (!child.isReliable()) {
            throw new GensioException("ssl", "the child '" + child.type()
                    + "' is not reliable; TLS needs a reliable link (put relpkt under ssl)");
        }
        SSLEngine e = SslContexts.forOptions(o).createSSLEngine(); // no host: no SNI, as gensio
        e.setUseClientMode(o.role() == Role.CLIENT);
        List<String> protocols = new ArrayList<>();
        for (String p : e.getSupportedProtocols()) {
            if (p.equals("TLSv1.3") || p.equals("TLSv1.2")) {
                protocols.add(p);
            }
        }
        e.setEnabledProtocols(protocols.toArray(new String[0]));
        if (o.role() == Role.SERVER && o.clientauth()) {
            e.setWantClientAuth(true); // finish the handshake, then refuse with a clear message (gensio's way)
        }
        SslGensio g = new SslGensio(e, o, child, ctx);
        try (Deadline d = Deadline.start(child, o.conTimeout())) {
            try {
                g.handshake();
            } catch (IOException ex) {
                if (d.expired()) {
                    throw new GensioException("ssl", "TLS handshake timed out after " + o.conTimeout().toSeconds() + " s");
                }
                throw ex;
            }
            if (d.expired()) {
                throw new GensioException("ssl", "TLS handshake timed out after " + o.conTimeout().toSeconds() + " s");
            }
        }
        g.judgePeer();
        SSLSession s = e.getSession();
        ctx.listener().event("ssl", "handshake", Map.of("protocol", s.getProtocol(), "cipher", s.getCipherSuite(),
                "authenticated", g.authenticated));
        return g;
    }

    // ---- handshake -----------------------------------------------------------------------------

    private void handshake() throws IOException {
        try {
            engine.beginHandshake();
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> {
                        SSLEngineResult r = wrapAndSend(EMPTY);
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED && engine.isOutboundDone()) {
                            throw new GensioException("ssl", "TLS handshake failed: the engine closed");
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        SSLEngineResult r = netIn.hasRemaining() || hs == HandshakeStatus.NEED_UNWRAP_AGAIN
                                ? unwrapOnce() : null;
                        if (r == null || r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                            if (!fillNetIn()) {
                                throw new GensioException("ssl", "TLS handshake failed: the peer closed the connection");
                            }
                        } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new GensioException("ssl", "TLS handshake failed: the peer closed TLS");
                        }
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            sendAlertBestEffort();
            throw new GensioException("ssl", "TLS handshake failed: " + e.getMessage(), e);
        }
    }

    /** After a handshake error the engine holds a fatal alert: send it, so the peer learns why. */
    private void sendAlertBestEffort() {
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                if (wrapAndSend(EMPTY).bytesProduced() == 0) {
                    break;
                }
            }
            child.flush();
        } catch (IOException | RuntimeException ignored) {
            // the link is gone; the local error says what happened
        }
    }

    private void runTasks() {
        Runnable t;
        while ((t = engine.getDelegatedTask()) != null) {
            t.run();
        }
    }

    /** Checks the peer's certificate after the handshake, where gensio checks it. */
    private void judgePeer() throws IOException {
        boolean expectPeer = opts.role() == Role.CLIENT || opts.clientauth();
        X509Certificate[] chain = null;
        try {
            Certificate[] certs = engine.getSession().getPeerCertificates();
            chain = Arrays.copyOf(certs, certs.length, X509Certificate[].class);
        } catch (SSLPeerUnverifiedException e) {
            // no certificate: only allowed where none was asked for
        }
        peerChain = chain;
        if (!expectPeer) {
            return;
        }
        if (chain == null || chain.length == 0) {
            if (opts.allowAuthfail()) {
                return;
            }
            throw new GensioException("ssl", "certificate not provided by the peer");
        }
        CaStore.Result check;
        if (opts.ca() == null) {
            check = new CaStore.Result(CaStore.Status.NOT_FOUND, "no CA configured");
        } else {
            try {
                check = CaStore.load(opts.ca()).check(chain, new Date());
            } catch (IOException e) {
                // e.g. gtlssh's server_certs/ before the first trusted server: unknown, for the policy to decide
                check = new CaStore.Result(CaStore.Status.NOT_FOUND, "cannot read CA " + opts.ca() + ": " + e.getMessage());
            }
        }
        Optional<PeerTrust> policy = ctx.get(PeerTrust.ATTRIBUTE);
        boolean ok;
        if (policy.isPresent()) {
            ok = policy.get().trust(new PeerTrust.PeerCertificate(chain.clone(), check, child.remoteAddress(),
                    opts.role()));
            if (!ok) {
                throw new GensioException("ssl", "peer certificate refused by the trust policy ("
                        + check.reason() + ")");
            }
        } else {
            ok = check.ok();
            if (!ok && !opts.allowAuthfail()) {
                throw new GensioException("ssl", "certificate is not valid: " + check.reason());
            }
        }
        authenticated = ok;
    }

    // ---- engine plumbing ---------------------------------------------------------------------------

    /** Unwraps what netIn holds into appIn (readLock held, or the single-threaded handshake). */
    private SSLEngineResult unwrapOnce() throws SSLException {
        while (true) {
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
            }
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                return r;
            }
            // plaintext did not fit behind what the reader has not taken yet: make room (bounded)
            ByteBuffer bigger = ByteBuffer.allocate(appIn.remaining() + engine.getSession().getApplicationBufferSize());
            bigger.put(appIn).flip();
            appIn = bigger;
        }
    }

    /** Reads more ciphertext from the child; false at end of stream. */
    private boolean fillNetIn() throws IOException {
        int need = engine.getSession().getPacketBufferSize();
        if (child.isPacket()) {
            if (packetScratch == null) {
                packetScratch = new byte[Math.max(1, child.maxReadSize())];
            }
            int n = child.read(packetScratch, 0, packetScratch.length);
            if (n < 0) {
                return false;
            }
            ensureNetInRoom(n);
            netIn.compact().put(packetScratch, 0, n).flip();
            return true;
        }
        ensureNetInRoom(Math.min(need, 4096));
        netIn.compact();
        int n;
        try {
            n = child.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (n > 0) {
                netIn.position(netIn.position() + n);
            }
        } finally {
            netIn.flip();
        }
        return n >= 0;
    }

    private void ensureNetInRoom(int room) {
        if (netIn.capacity() - netIn.remaining() >= room) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(netIn.remaining() + Math.max(room, engine.getSession().getPacketBufferSize()));
        bigger.put(netIn).flip();
        netIn = bigger;
    }

    /** Wraps {@code src} (or a handshake/close message) and writes the records to the child. */
    private SSLEngineResult wrapAndSend(ByteBuffer src) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() + netOut.capacity());
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                writeChild(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            return r;
        }
    }

    private void writeChild(byte[] b, int off, int len) throws IOException {
        if (!child.isPacket()) {
            child.write(b, off, len, 0);
            return;
        }
        int max = Math.max(1, child.maxReadSize());
        for (int p = off; p < off + len; p += max) {
            child.write(b, p, Math.min(max, off + len - p), 0);
        }
    }

    /**
     * After an unwrap on the reader thread: answer what the engine wants answered (a TLS 1.2 close_notify,
     * a KeyUpdate). The reader never waits for the write lock: if both ends' writers were blocked on full
     * TCP buffers and both readers waited for their writers, nobody would read again. Instead it flags the
     * answer as pending and the writer sends it when it releases the lock (flag, then try-lock on both
     * sides, so one of them always sees the flag while free).
     */
    private void afterUnwrap(SSLEngineResult r) throws IOException {
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            wrapPending = true;
            flushPendingWraps();
        }
    }

    private void flushPendingWraps() throws IOException {
        while (wrapPending && writeLock.tryLock()) {
            try {
                wrapPending = false;
                while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                    SSLEngineResult w = wrapAndSend(EMPTY);
                    if (w.bytesProduced() == 0 && w.getStatus() != SSLEngineResult.Status.OK) {
                        break;
                    }
                }
                if (engine.isOutboundDone()) {
                    outboundDone = true;
                }
                child.flush();
            } finally {
                writeLock.unlock();
            }
        }
    }

    // ---- Gensio ------------------------------------------------------------------------------------

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
        }
        if (len == 0) {
            return 0;
        }
        readLock.lock();
        try {
            return readLocked(buf, off, len);
        } catch (SSLException e) {
            throw new GensioException("ssl", "TLS error: " + e.getMessage(), e);
        } finally {
            readLock.unlock();
        }
    }

    private int readLocked(byte[] buf, int off, int len) throws IOException {
        while (true) {
            if (appIn.hasRemaining()) {
                int n = Math.min(len, appIn.remaining());
                appIn.get(buf, off, n);
                return n;
            }
            if (inboundDone) {
                return -1;
            }
            if (netIn.hasRemaining()) {
                SSLEngineResult r = unwrapOnce();
                switch (r.getStatus()) {
                    case OK -> {
                        afterUnwrap(r);
                        continue;
                    }
                    case CLOSED -> {
                        inboundDone = true; // the peer's close_notify
                        afterUnwrap(r);
                        continue;
                    }
                    default -> {
                        // BUFFER_UNDERFLOW: a partial record, read more below
                    }
                }
            }
            if (!fillNetIn()) {
                inboundDone = true;
                try {
                    engine.closeInbound();
                } catch (SSLException e) {
                    // TCP closed without close_notify: gensio peers do that (spec/ssl.md 6); it is EOF
                }
                return -1;
            }
        }
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (WriteFlags.oob(flags)) {
            return; // TLS has no out-of-band channel; like tcp, OOB is dropped
        }
        writeLock.lock();
        try {
            if (outboundDone || engine.isOutboundDone()) {
                throw new GensioException("ssl", "write after the TLS connection was closed for writing");
            }
            int pos = off;
            int end = off + len;
            while (pos < end) {
                int n = Math.min(opts.writebuf(), end - pos);
                ByteBuffer src = ByteBuffer.wrap(buf, pos, n);
                while (src.hasRemaining()) {
                    SSLEngineResult r = wrapAndSend(src);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new GensioException("ssl", "the TLS connection is closed");
                    }
                }
                pos += n;
            }
        } catch (SSLException e) {
            throw new GensioException("ssl", "TLS error: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        flushPendingWraps();
    }

    /** Sends close_notify: the peer reads end of stream; we can go on reading (TLS 1.3 half-close). */
    @Override
    public void closeWrite() throws IOException {
        writeLock.lock();
        try {
            sendCloseNotify();
        } finally {
            writeLock.unlock();
        }
    }

    private void sendCloseNotify() throws IOException {
        if (outboundDone) {
            return;
        }
        outboundDone = true;
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = wrapAndSend(EMPTY);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        child.flush();
    }

    @Override
    protected void closeLayer() throws IOException {
        try {
            // a writer stuck on a peer that does not read must not hold close() forever
            if (!writeLock.tryLock(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                child.abort();
                return;
            }
            try {
                sendCloseNotify();
            } finally {
                writeLock.unlock();
            }
        } catch (IOException e) {
            return; // the link is already broken: nothing to wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.abort();
            return;
        }
        // Wait (bounded) for the peer's close_notify or EOF, so closing the socket does not reset data the
        // peer has not read yet. A reader thread that holds the lock sees that close itself.
        try {
            if (readLock.tryLock(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                try (Deadline d = Deadline.start(child, CLOSE_WAIT)) {
                    byte[] scrap = new byte[4096];
                    while (readLocked(scrap, 0, scrap.length) >= 0) {
                        // discard what the application did not read
                    }
                } catch (IOException e) {
                    // broken or timed out: close anyway
                } finally {
                    readLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isEncrypted() {
        return true;
    }

    @Override
    public boolean isAuthenticated() {
        return authenticated || super.isAuthenticated();
    }

    @Override
    public int maxReadSize() {
        return opts.readbuf();
    }

    @Override
    public <T> Optional<T> get(Control<T> control) {
        if (control.equals(Controls.PEER_CERTIFICATES)) {
            X509Certificate[] c = peerChain;
            return c == null ? Optional.empty() : Optional.of(control.cast(c.clone()));
        }
        if (control.equals(Controls.TLS_PROTOCOL)) {
            return Optional.of(control.cast(engine.getSession().getProtocol()));
        }
        if (control.equals(Controls.TLS_EXPORTER)) {
            Controls.KeyingMaterialExporter x = this::export;
            return Optional.of(control.cast(x));
        }
        return super.get(control);
    }

    /** RFC 8446 7.5 (TLS 1.3) / RFC 5705 (TLS 1.2) exporter, through JDK 25's ExtendedSSLSession. */
    private byte[] export(String label, byte[] context, int length) throws IOException {
        SSLSession s = engine.getSession();
        if (!(s instanceof ExtendedSSLSession es)) {
            throw new GensioException("ssl", "this TLS provider cannot export keying material");
        }
        try {
            byte[] v = es.exportKeyingMaterialData(label, context, length);
            if (v == null) {
                throw new GensioException("ssl", "this TLS session cannot export keying material");
            }
            return v;
        } catch (SSLException | UnsupportedOperationException e) {
            throw new GensioException("ssl", "cannot export keying material: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ssl(" + opts.role().name().toLowerCase(java.util.Locale.ROOT) + ") over " + child;
    }
}
