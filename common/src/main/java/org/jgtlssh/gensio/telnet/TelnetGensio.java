package org.jgtlssh.gensio.telnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.FilterGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gensio.pipe.ByteRing;

/**
 * The telnet filter. One virtual "pump" thread reads the child, decodes it, answers negotiations and
 * RFC 2217 requests at once (so they are handled even while the user is not reading), and queues data
 * into a ring of {@code readbuf} bytes; when the ring is full the pump stops reading the child, which is
 * the back-pressure to the peer.
 *
 * <p>All writes to the child are serialized by one lock. The pump never waits for that lock: its answers
 * go to a small queue that whoever holds the lock drains, so a user write blocked by a slow peer cannot
 * stop the pump (which would stop us reading and could deadlock two telnet ends).
 *
 * <p>Roles: a client offers WILL COM-PORT-OPTION (rfc2217) and WILL NAWS (winsize); like gensio it waits
 * up to 4 s at open for the answer to COM-PORT-OPTION. A server offers WILL SGA, asks DO COM-PORT-OPTION /
 * DO NAWS, and applies RFC 2217 requests to its port's {@link Controls#SERIAL_SETTINGS},
 * {@link Controls#SEND_BREAK}, {@link Controls#SERIAL_DTR} and {@link Controls#SERIAL_RTS} (emulating
 * them when the port has none); when the port reports {@link Controls#MODEM_STATE} a virtual thread reads
 * it every {@value #MODEM_POLL_MS} ms and sends NOTIFY-MODEMSTATE for changes in the client's mask, and
 * when it reports {@link Controls#LINE_STATE} (a real UART's error counters) the same poll sends
 * NOTIFY-LINESTATE for break/framing/parity/overrun errors in the client's line-state mask.
 *
 * <p>A client's controls: set SERIAL_SETTINGS / SEND_BREAK / SERIAL_DTR / SERIAL_RTS (each waits for
 * the server's answer), MODEM_STATE_MASK / LINE_STATE_MASK (sent, not awaited: gensio 2.6.2 and ser2net
 * answer a mask with a notification, not with the RFC's echo); get SERIAL_SETTINGS, SERIAL_DTR,
 * SERIAL_RTS (as last answered), MODEM_STATE / LINE_STATE (as last notified, also reported to the
 * listener as {@code modemstate} / {@code linestate} events).
 *
 * <p>OOB: when the child is a mux channel ({@code gtlssh -r} stacks {@code telnet(rfc2217),mux,...}) its
 * OOB messages are passed up to a reader with {@link ReadMeta}, and OOB writes go down, untouched.
 */
public final class TelnetGensio extends FilterGensio implements OptionNegotiator.Output {
    static final long RFC2217_WAIT_MS = 4000;
    static final long REPLY_WAIT_MS = 5000;
    /** Pending negotiation answers beyond this mean a peer flooding us without reading: fail. */
    static final int MAX_PENDING_CONTROL = 16384;
    static final String SIGNATURE = "jgtlssh telnet";

    /**
     * {@link org.jgtlssh.gensio.OpenContext} attribute for a server: the gensio whose serial controls
     * RFC 2217 requests drive (the serialdev that jgensiot connects the telnet accepter to). Without it
     * the requests go to the telnet layer's own child, and are emulated when that has no serial port.
     */
    public static final Control<Gensio> SERIAL_PORT = Control.of("telnet-serial-port", Gensio.class);

    private final TelnetOptions opts;
    private final Role role;
    private final OptionNegotiator neg = new OptionNegotiator();
    private final TelnetDecoder decoder;
    private final ByteRing ring;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteArrayOutputStream pendingControl = new ByteArrayOutputStream();
    private final Object state = new Object();
    private volatile IOException failure;
    private Thread pump;
    private volatile Gensio port;
    private ComPortServer comPortServer;

    // Guarded by state.
    private final ComPortClient comPortClient = new ComPortClient(state);
    private WindowSize window;
    private volatile GensioListener listener = GensioListener.NONE;
    // OOB pieces from the child (a mux channel's control messages) passed up untouched, guarded by state.
    private final java.util.ArrayDeque<byte[]> oob = new java.util.ArrayDeque<>();
    private int oobBytes;
    static final int MAX_OOB_BYTES = 1 << 20;
    private volatile boolean pumpDone;
    /** How often a server reads its port's modem lines to report their changes. */
    static final long MODEM_POLL_MS = 100;

    private TelnetGensio(Gensio child, TelnetOptions opts, Role role) {
        super("telnet", child);
        this.opts = opts;
        this.role = role;
        this.decoder = new TelnetDecoder(ComPort.MAX_PAYLOAD, opts.readbuf());
        this.ring = new ByteRing(opts.readbuf());
        this.port = child;
        neg.allowLocal(Telnet.OPT_BINARY);
        neg.allowRemote(Telnet.OPT_BINARY);
        neg.allowLocal(Telnet.OPT_SGA);
        neg.allowRemote(Telnet.OPT_SGA);
        if (role == Role.CLIENT) {
            neg.allowRemote(Telnet.OPT_ECHO); // ser2net and telnetd offer to echo; the data just flows
            if (opts.rfc2217()) {
                neg.allowLocal(Telnet.OPT_COM_PORT);
            }
            if (opts.winsize()) {
                neg.allowLocal(Telnet.OPT_NAWS);
            }
        } else {
            if (opts.rfc2217()) {
                neg.allowRemote(Telnet.OPT_COM_PORT);
            }
            if (opts.winsize()) {
                neg.allowRemote(Telnet.OPT_NAWS);
            }
        }
    }

    /** Wraps {@code child}, sends the opening negotiations and starts the pump. */
    public static TelnetGensio open(Gensio child, TelnetOptions opts, Role role) throws IOException {
        return open(child, opts, role, null);
    }

    /** As {@link #open(Gensio, TelnetOptions, Role)}; a server applies RFC 2217 requests to {@code port}. */
    public static TelnetGensio open(Gensio child, TelnetOptions opts, Role role, Gensio port) throws IOException {
        return open(child, opts, role, port, GensioListener.NONE);
    }

    /**
     * As {@link #open(Gensio, TelnetOptions, Role, Gensio)}; {@code listener} hears the RFC 2217 state
     * reports a client receives ({@code modemstate} / {@code linestate} events with {@code state}).
     */
    public static TelnetGensio open(Gensio child, TelnetOptions opts, Role role, Gensio port,
            GensioListener listener) throws IOException {
        TelnetGensio t = new TelnetGensio(child, opts, role);
        if (port != null) {
            t.port = port;
        }
        t.listener = listener != null ? listener : GensioListener.NONE;
        t.start();
        return t;
    }

    private void start() throws IOException {
        comPortServer = new ComPortServer(port, SIGNATURE);
        if (role == Role.CLIENT) {
            if (opts.rfc2217()) {
                neg.requestLocal(Telnet.OPT_COM_PORT, true, this);
            }
            if (opts.winsize()) {
                neg.requestLocal(Telnet.OPT_NAWS, true, this);
            }
        } else {
            neg.requestLocal(Telnet.OPT_SGA, true, this);
            if (opts.rfc2217()) {
                neg.requestRemote(Telnet.OPT_COM_PORT, true, this);
            }
            if (opts.winsize()) {
                neg.requestRemote(Telnet.OPT_NAWS, true, this);
            }
        }
        writeControlNow();
        pump = Thread.ofVirtual().name("telnet-pump").start(this::pumpLoop);
        if (role == Role.SERVER && opts.rfc2217()
                && (comPortServer.hasModemState() | comPortServer.hasLineState())) { // both: each sets a baseline
            comPortServer.pollModemState(false); // the lines as they are now: the baseline for changes
            Thread.ofVirtual().name("telnet-modem-poll").start(this::modemPollLoop);
        }
        if (role == Role.CLIENT && opts.rfc2217()) {
            awaitComPortAnswer();
        }
    }

    /**
     * Waits (at most RFC2217_WAIT_MS) for the server's answer to our COM-PORT offer. The negotiator's
     * lock is never taken while holding {@code state}: the pump holds the negotiator's lock when it calls
     * back into this class, which takes {@code state} (the other order deadlocked). The pump notifies
     * {@code state} after each negotiation; since the check runs outside the lock, a notify can fall
     * between check and wait, so the wait is bounded to 10 ms.
     */
    private void awaitComPortAnswer() throws IOException {
        long deadline = System.nanoTime() + RFC2217_WAIT_MS * 1_000_000L;
        while (neg.isLocalPending(Telnet.OPT_COM_PORT)) {
            synchronized (state) {
                if (failure != null) {
                    throw failure;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !pump.isAlive()) {
                    return;
                }
                try {
                    state.wait(Math.min(left, 10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
        }
    }

    /**
     * Server: reads the port's modem lines and line errors every MODEM_POLL_MS and reports changes in the
     * client's masks. Line errors are read (and so cleared) even before the client enabled COM-PORT, so it
     * never hears of stale ones. Polling is one or two ioctls per period and needs nothing from the serial
     * layer's reader; jSerialComm's event mode would take over the port's reads.
     */
    private void modemPollLoop() {
        try {
            while (!isClosed() && pump.isAlive()) {
                Thread.sleep(MODEM_POLL_MS);
                byte[] errors = comPortServer.pollLineState(false);
                if (neg.isRemoteEnabled(Telnet.OPT_COM_PORT)) {
                    byte[] notice = comPortServer.pollModemState(false);
                    if (notice != null) {
                        queueControl(TelnetEncoder.subnegotiation(Telnet.OPT_COM_PORT, notice));
                    }
                    if (errors != null) {
                        queueControl(TelnetEncoder.subnegotiation(Telnet.OPT_COM_PORT, errors));
                    }
                    if (notice != null || errors != null) {
                        writeControlSoon();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the connection is failing; the pump reports it
        }
    }

    // ---------------------------------------------------------------- reading

    private void pumpLoop() {
        byte[] raw = new byte[opts.readbuf()];
        TelnetDecoder.Handler handler = new Dispatcher();
        ReadMeta meta = new ReadMeta();
        try {
            while (true) {
                int n = child.read(raw, 0, raw.length, meta);
                if (n < 0) {
                    decoder.finish();
                    ring.setEof();
                    return;
                }
                if (meta.oob()) {
                    passOob(java.util.Arrays.copyOf(raw, n)); // not telnet: the child's own control channel
                    continue;
                }
                decoder.feed(raw, 0, n, handler);
            }
        } catch (IOException | RuntimeException e) {
            if (!isClosed()) {
                failure = e instanceof IOException io ? io : new GensioException("telnet", e.toString(), e);
            }
            ring.breakPipe();
        } finally {
            pumpDone = true;
            wakeReader();
        }
    }

    private void passOob(byte[] piece) throws ProtocolException {
        synchronized (state) {
            if (oobBytes + piece.length > MAX_OOB_BYTES) {
                throw new ProtocolException("telnet", "more than " + MAX_OOB_BYTES + " unread OOB bytes");
            }
            oob.add(piece);
            oobBytes += piece.length;
            state.notifyAll();
        }
    }

    private void wakeReader() {
        synchronized (state) {
            state.notifyAll();
        }
    }

    /**
     * Data comes from the ring; OOB pieces from the child (gtlssh's control messages when telnet runs
     * over a mux channel, as with {@code gtlssh -r}) come first and whole, with {@code meta.oob()} set.
     * A reader without meta does not get them (as a mux channel drops them).
     */
    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        if (meta != null) {
            meta.clear();
            synchronized (state) {
                while (oob.isEmpty() && ring.available() == 0 && !pumpDone && !isClosed()) {
                    try {
                        state.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                }
                byte[] piece = oob.peek();
                if (piece != null && len > 0) {
                    int n = Math.min(len, piece.length);
                    System.arraycopy(piece, 0, buf, off, n);
                    oob.poll();
                    oobBytes -= piece.length;
                    if (n < piece.length) {
                        byte[] rest = java.util.Arrays.copyOfRange(piece, n, piece.length);
                        oob.addFirst(rest);
                        oobBytes += rest.length;
                    }
                    meta.set(true, n == piece.length);
                    return n;
                }
            }
        } else {
            synchronized (state) {
                oob.clear();
                oobBytes = 0;
            }
        }
        try {
            int n = ring.read(buf, off, len);
            if (n < 0 && failure != null) {
                throw failure;
            }
            return n;
        } catch (IOException e) {
            if (failure != null) {
                throw failure;
            }
            throw isClosed() ? new GensioException("telnet", "closed") : e;
        }
    }

    @Override
    public int maxReadSize() {
        return opts.readbuf();
    }

    /** Routes decoded elements; runs on the pump thread. */
    private final class Dispatcher implements TelnetDecoder.Handler {
        @Override
        public void data(byte[] buf, int off, int len) throws IOException {
            ring.write(buf, off, len);
            wakeReader(); // a reader with meta waits on state, not on the ring
        }

        @Override
        public void command(int cmd) throws IOException {
            if (cmd == Telnet.BREAK && role == Role.SERVER) {
                comPortServer.breakPort();
            }
            // NOP, AYT, GA, DM...: nothing to do for a transparent byte pipe.
        }

        @Override
        public void negotiation(int verb, int option) throws IOException {
            neg.receive(verb, option, TelnetGensio.this);
            writeControlSoon();
            synchronized (state) {
                state.notifyAll();
            }
        }

        @Override
        public void subnegotiation(int option, byte[] payload) throws IOException {
            if (option == Telnet.OPT_COM_PORT && payload.length > 0) {
                if (role == Role.SERVER && neg.isRemoteEnabled(Telnet.OPT_COM_PORT)) {
                    byte[] answer = comPortServer.handle(payload);
                    if (answer != null) {
                        queueControl(TelnetEncoder.subnegotiation(Telnet.OPT_COM_PORT, answer));
                    }
                    if ((payload[0] & 0xff) == ComPort.SET_MODEMSTATE_MASK) {
                        byte[] now = comPortServer.pollModemState(true); // tell the client where lines are
                        if (now != null) {
                            queueControl(TelnetEncoder.subnegotiation(Telnet.OPT_COM_PORT, now));
                        }
                    } else if ((payload[0] & 0xff) == ComPort.SET_LINESTATE_MASK) {
                        byte[] now = comPortServer.pollLineState(true); // errors now, or 0: line state exists
                        if (now != null) {
                            queueControl(TelnetEncoder.subnegotiation(Telnet.OPT_COM_PORT, now));
                        }
                    }
                    writeControlSoon();
                } else if (role == Role.CLIENT && neg.isLocalEnabled(Telnet.OPT_COM_PORT)) {
                    clientComPort(payload);
                }
            } else if (option == Telnet.OPT_NAWS && role == Role.SERVER && neg.isRemoteEnabled(Telnet.OPT_NAWS)) {
                if (payload.length != 4) {
                    throw new ProtocolException("telnet", "NAWS sub-negotiation of " + payload.length
                            + " bytes, expected 4");
                }
                WindowSize ws = new WindowSize(((payload[2] & 0xff) << 8) | (payload[3] & 0xff),
                        ((payload[0] & 0xff) << 8) | (payload[1] & 0xff));
                synchronized (state) {
                    window = ws;
                }
                port.set(Controls.WINDOW_SIZE, ws);
            }
        }
    }

    /** Client: records the server's answer; state reports also go to the listener. */
    private void clientComPort(byte[] p) {
        ComPortClient.Notification n = comPortClient.received(p);
        if (n != null) {
            listener.event("telnet", n.event(), java.util.Map.of("state", n.state()));
        }
    }

    // ---------------------------------------------------------------- controls

    @SuppressWarnings("unchecked")
    @Override
    public <T> Optional<T> get(Control<T> control) {
        if (role == Role.CLIENT && comPortActive()) {
            Optional<T> told = comPortClient.get(control);
            if (told != null) {
                return told;
            }
        }
        if (role == Role.SERVER && opts.rfc2217() && (control.equals(Controls.MODEM_STATE)
                || control.equals(Controls.SERIAL_DTR) || control.equals(Controls.SERIAL_RTS))) {
            return port.get(control);
        }
        if (role == Role.SERVER && control.equals(Controls.WINDOW_SIZE)) {
            synchronized (state) {
                if (window != null) {
                    return Optional.of((T) window);
                }
            }
        }
        if (role == Role.SERVER && control.equals(Controls.SERIAL_SETTINGS) && opts.rfc2217()) {
            return Optional.of((T) comPortServer.current());
        }
        return super.get(control);
    }

    /** The server's RFC 2217 signature, once it has sent one. */
    public Optional<String> peerSignature() {
        return comPortClient.signature();
    }

    /** True once both ends agreed to RFC 2217 (the client WILL and the server DO COM-PORT-OPTION). */
    public boolean rfc2217Active() {
        return comPortActive();
    }

    private boolean comPortActive() {
        return role == Role.CLIENT ? neg.isLocalEnabled(Telnet.OPT_COM_PORT)
                : neg.isRemoteEnabled(Telnet.OPT_COM_PORT);
    }

    @Override
    public <T> boolean set(Control<T> control, T value) throws IOException {
        if (role == Role.CLIENT && comPortActive()) {
            if (control.equals(Controls.SERIAL_SETTINGS)) {
                setRemoteSerial(Controls.SERIAL_SETTINGS.cast(value));
                return true;
            }
            if (control.equals(Controls.SERIAL_DTR) || control.equals(Controls.SERIAL_RTS)) {
                boolean on = (Boolean) value;
                int v = control.equals(Controls.SERIAL_DTR)
                        ? (on ? ComPort.CONTROL_DTR_ON : ComPort.CONTROL_DTR_OFF)
                        : (on ? ComPort.CONTROL_RTS_ON : ComPort.CONTROL_RTS_OFF);
                sendComPort(ComPort.oneByte(ComPort.SET_CONTROL, v));
                awaitReplies();
                return true;
            }
            if (control.equals(Controls.MODEM_STATE_MASK) || control.equals(Controls.LINE_STATE_MASK)) {
                int m = (Integer) value;
                if (m < 0 || m > 255) {
                    throw new GensioException("telnet", "state mask " + m + " out of range 0..255");
                }
                sendComPort(ComPort.oneByte(control.equals(Controls.MODEM_STATE_MASK)
                        ? ComPort.SET_MODEMSTATE_MASK : ComPort.SET_LINESTATE_MASK, m));
                return true; // the answer only echoes the mask; notifications follow as lines change
            }
            if (control.equals(Controls.SEND_BREAK)) {
                int ms = Controls.SEND_BREAK.cast(value);
                if (ms <= 0 || ms > 10_000) {
                    throw new GensioException("telnet", "break length " + ms + " ms out of range 1..10000");
                }
                sendComPort(ComPort.oneByte(ComPort.SET_CONTROL, ComPort.CONTROL_BREAK_ON));
                try {
                    Thread.sleep(ms); // the break lasts until we say "off"
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    sendComPort(ComPort.oneByte(ComPort.SET_CONTROL, ComPort.CONTROL_BREAK_OFF));
                }
                return true;
            }
        }
        if (role == Role.CLIENT && control.equals(Controls.SEND_BREAK)) {
            writeRaw(TelnetEncoder.command(Telnet.BREAK)); // plain telnet break, as gensio sends
            return true;
        }
        if (role == Role.CLIENT && control.equals(Controls.WINDOW_SIZE) && opts.winsize()) {
            WindowSize ws = Controls.WINDOW_SIZE.cast(value);
            synchronized (state) {
                window = ws;
            }
            if (neg.isLocalEnabled(Telnet.OPT_NAWS)) {
                writeRaw(naws(ws));
            }
            return true;
        }
        return super.set(control, value);
    }

    private static byte[] naws(WindowSize ws) {
        return TelnetEncoder.subnegotiation(Telnet.OPT_NAWS, new byte[] {(byte) (ws.cols() >> 8),
                (byte) ws.cols(), (byte) (ws.rows() >> 8), (byte) ws.rows()});
    }

    /** Sends the five setting requests and waits for the server's five answers. */
    private void setRemoteSerial(SerialSettings s) throws IOException {
        for (byte[] r : ComPort.requestsFor(s)) {
            sendComPort(r);
        }
        awaitReplies();
    }

    /** Asks the server for all its settings and waits for the answers (client, RFC 2217 active). */
    public SerialSettings querySerial() throws IOException {
        if (!comPortActive() || role != Role.CLIENT) {
            throw new GensioException("telnet", "the server did not agree to RFC 2217");
        }
        for (byte[] q : ComPort.queries()) {
            sendComPort(q);
        }
        awaitReplies();
        return comPortClient.settings();
    }

    /** Waits until every setting request sent so far has been answered. */
    private void awaitReplies() throws IOException {
        if (!awaitState(comPortClient::allAnswered, REPLY_WAIT_MS)) {
            comPortClient.forgetOutstanding();
            throw new GensioException("telnet", "no RFC 2217 answer from the server within "
                    + REPLY_WAIT_MS / 1000 + " s");
        }
    }

    private boolean awaitState(java.util.function.BooleanSupplier cond, long ms) throws IOException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        synchronized (state) {
            while (!cond.getAsBoolean()) {
                if (failure != null) {
                    throw failure;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !pump.isAlive()) {
                    return cond.getAsBoolean();
                }
                try {
                    state.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            return true;
        }
    }

    private void sendComPort(byte[] payload) throws IOException {
        countRequest(payload);
        writeRaw(TelnetEncoder.subnegotiation(Telnet.OPT_COM_PORT, payload));
    }

    private void countRequest(byte[] payload) {
        comPortClient.sent(payload);
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void send(int verb, int option) {
        queueControl(TelnetEncoder.negotiation(verb, option));
    }

    @Override
    public void changed(int option, boolean local, boolean enabled) {
        if (enabled && local && option == Telnet.OPT_NAWS) {
            WindowSize ws;
            synchronized (state) {
                ws = window;
            }
            if (ws != null) {
                queueControl(naws(ws));
            }
        }
        if (enabled && local && option == Telnet.OPT_COM_PORT && role == Role.CLIENT) {
            for (byte[] q : ComPort.queries()) { // learn the port's settings; answers fill the cache
                countRequest(q);
                queueControl(TelnetEncoder.subnegotiation(Telnet.OPT_COM_PORT, q));
            }
            // No SIGNATURE request: gensiot 2.6.2 drops the connection on an empty one.
        }
    }

    private void queueControl(byte[] b) {
        synchronized (pendingControl) {
            if (pendingControl.size() + b.length > MAX_PENDING_CONTROL) {
                failure = new ProtocolException("telnet", "peer sends negotiations faster than it reads");
                ring.breakPipe();
                return;
            }
            pendingControl.write(b, 0, b.length);
        }
    }

    /** Pump side: sends queued answers if nobody is writing; else the writer drains them. */
    private void writeControlSoon() throws IOException {
        if (writeLock.tryLock()) {
            try {
                drainControl();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private void writeControlNow() throws IOException {
        writeLock.lock();
        try {
            drainControl();
        } finally {
            writeLock.unlock();
        }
    }

    private void drainControl() throws IOException {
        byte[] b;
        synchronized (pendingControl) {
            if (pendingControl.size() == 0) {
                return;
            }
            b = pendingControl.toByteArray();
            pendingControl.reset();
        }
        child.write(b, 0, b.length, 0);
    }

    private void writeRaw(byte[] b) throws IOException {
        writeLock.lock();
        try {
            drainControl();
            child.write(b, 0, b.length, 0);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        if (isClosed()) {
            throw new GensioException("telnet", "closed");
        }
        if (org.jgtlssh.gensio.WriteFlags.oob(flags)) {
            writeLock.lock(); // the child's own control channel: passed down unescaped
            try {
                drainControl();
                child.write(buf, off, len, flags);
            } finally {
                writeLock.unlock();
            }
            return;
        }
        byte[] out = new byte[Math.min(len, opts.writebuf()) * 2];
        int chunk = Math.max(1, opts.writebuf());
        while (len > 0) {
            int n = Math.min(len, chunk);
            int m = TelnetEncoder.escape(buf, off, n, out, 0);
            writeLock.lock();
            try {
                drainControl();
                child.write(out, 0, m, 0);
                drainControl();
            } finally {
                writeLock.unlock();
            }
            off += n;
            len -= n;
        }
        synchronized (pendingControl) {
            if (pendingControl.size() == 0) {
                return;
            }
        }
        writeControlSoon();
    }

    @Override
    public void closeWrite() throws IOException {
        writeControlNow();
        child.closeWrite();
    }

    @Override
    protected void closeLayer() {
        ring.breakPipe();
        wakeReader();
    }

    @Override
    public void abort() {
        super.abort();
        ring.breakPipe();
        wakeReader();
    }
}
