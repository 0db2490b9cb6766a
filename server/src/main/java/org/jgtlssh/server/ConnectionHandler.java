package org.jgtlssh.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.certauth.AllowedCertsAuthenticator;
import org.jgtlssh.gensio.certauth.AuthResult;
import org.jgtlssh.gensio.certauth.Certauth;
import org.jgtlssh.gensio.mux.MuxChannel;
import org.jgtlssh.gensio.mux.MuxFactory;
import org.jgtlssh.gensio.mux.MuxOptions;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.Quoting;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * One connection, from accept to the end of its session, as gtlsshd stacks it by hand:
 *
 * <pre>
 *   accepted terminal (tcp, or an --other-acc stack such as relpkt,msgdelim,serialdev)
 *     → ssl(key, cert)                       TLS, our certificate
 *     → certauth(mode=server, ...)           user, certificate or password (policy: {@link LoginPolicy})
 *     → mux (if the certauth service is "mux")  first channel = session request; more channels = forwards
 * </pre>
 *
 * <p>Before authentication the connection holds a {@link StartupLimiter} ticket and runs under the login
 * deadline; a source with too many recent failures is refused before any TLS work. A connection that
 * breaks the protocol is dropped with exactly one log line.
 */
public final class ConnectionHandler {
    /** The connection a certauth callback is running for (certauth runs on the connection's thread). */
    private static final ScopedValue<ConnState> CONN = ScopedValue.newInstance();

    private static final class ConnState {
        final ConnectionInfo from;
        final long t0 = System.nanoTime();
        volatile boolean attempted;
        volatile byte[] pendingPassword; // --do-2fa: kept until the second factor is checked, then wiped
        volatile String acceptedKey; // fingerprint of a certificate in allowed_certs (--do-2fa: a code must follow)
        volatile boolean secondFactorChecked;
        volatile String user; // the name the client gave, once a credential was offered for it
        volatile boolean droppedByUs; // evicted or past the deadline: already logged, not the peer's fault

        ConnState(ConnectionInfo from) {
            this.from = from;
        }
    }

    private final ServerConfig config;
    private final LoginPolicy policy;
    private final StartupLimiter limiter;
    private final FailurePenalties penalties;
    private final SessionDispatcher dispatcher;
    private final ServerLog log;
    private final ScheduledExecutorService timers;
    private final List<LayerSpec> authFilters;
    private final OpenContext ctx;

    public ConnectionHandler(ServerConfig config, LoginPolicy policy, PasswordVerifier passwords, StartupLimiter limiter,
            FailurePenalties penalties, SessionDispatcher dispatcher, ServerLog log, ScheduledExecutorService timers)
            throws StackSyntaxException {
        this.config = config;
        this.policy = policy;
        this.limiter = limiter;
        this.penalties = penalties;
        this.dispatcher = dispatcher;
        this.log = log;
        this.timers = timers;
        this.authFilters = authFilters(config);
        AllowedCertsAuthenticator allowed = config.allowedCertsDir() == null
                ? new AllowedCertsAuthenticator(u -> Passwd.lookup(u).map(a -> Path.of(a.home())))
                : AllowedCertsAuthenticator.inDirectory(config.allowedCertsDir(), Passwd.currentUserName());
        OpenContext c = OpenContext.DEFAULT
                .with(Certauth.AUTHENTICATOR, (user, cert) -> {
                    ConnState st = CONN.get();
                    st.attempted = true;
                    st.user = user;
                    Optional<String> ok = policy.checkCertificate(st.from, user, cert, acc -> {
                        try {
                            return allowed.authenticate(user, cert);
                        } catch (IOException e) {
                            log.info("cannot read the allowed certificates of " + user + ": " + ServerLog.clean(e.getMessage()));
                            return Optional.empty();
                        }
                    });
                    if (ok.isPresent()) {
                        st.acceptedKey = LoginPolicy.fingerprint(cert);
                    }
                    return ok;
                })
                .with(Certauth.PASSWORD_CHECKER, (user, pw) -> {
                    ConnState st = CONN.get();
                    st.attempted = true;
                    st.user = user;
                    if (config.do2fa()) {
                        st.pendingPassword = pw.clone(); // checked together with the second factor
                        return true;
                    }
                    return policy.checkPassword(st.from, user, pw, null);
                });
        if (config.do2fa()) {
            // Both factors in one PAM conversation (password to the first prompt, code to the second), as
            // gtlsshd does; after a certificate the code answers the first prompt. Never one without the other.
            c = c.with(Certauth.SECOND_FACTOR_CHECKER, (user, tf) -> {
                ConnState st = CONN.get();
                st.attempted = true;
                st.secondFactorChecked = true;
                byte[] pw = st.pendingPassword;
                st.pendingPassword = null;
                try {
                    if (pw != null) {
                        return policy.checkPassword(st.from, user, pw, tf);
                    }
                    if (st.acceptedKey != null) {
                        return policy.checkSecondFactorAfterCertificate(st.from, user, st.acceptedKey, tf);
                    }
                    policy.noCredentials(st.from, user, "a second factor without a password or certificate", false);
                    return false;
                } finally {
                    PamPasswordVerifier.wipe(pw);
                    PamPasswordVerifier.wipe(tf);
                }
            });
        }
        this.ctx = c.withListener(new org.jgtlssh.gensio.GensioListener() {
            @Override
            public void opened(Gensio g) {
                if (CONN.isBound()) {
                    log.debug(CONN.get().from + ": " + g.type() + " open after "
                            + (System.nanoTime() - CONN.get().t0) / 1_000_000 + " ms");
                }
            }
        });
    }

    /** The filters gtlsshd puts over every accepted connection, as specs (top first). */
    static List<LayerSpec> authFilters(ServerConfig c) throws StackSyntaxException {
        long secs = Math.max(1, c.loginDeadline().toSeconds());
        String certauth = "certauth(mode=server" + (c.allowPassword() ? ",enable-password" : "")
                + (c.do2fa() ? ",enable-2fa" : "") + ",con-timeout=" + secs + "s)";
        String ssl = "ssl(mode=server," + Quoting.quoteIfNeeded("key=" + c.keyFile()) + ","
                + Quoting.quoteIfNeeded("cert=" + c.certFile()) + ",con-timeout=" + secs + "s)";
        return Gensios.parse(certauth + "," + ssl + ",tcp,0").filters();
    }

    /** Serves {@code in} to its end; never throws. {@code local} is the accepter's address, for the session's environment. */
    public void handle(Incoming in, String local) {
        ConnectionInfo from = ConnectionInfo.of(in.remoteAddress(), local);
        var wait = penalties.refusedFor(from.source());
        if (!wait.isZero()) {
            log.info("refused connection from " + from.source() + ": penalized for " + wait.toSeconds() + " s more");
            in.abort();
            return;
        }
        AtomicReference<Gensio> live = new AtomicReference<>();
        Runnable abort = () -> {
            Gensio g = live.get();
            if (g != null) {
                g.abort();
            } else {
                in.abort();
            }
        };
        ConnState st = new ConnState(from);
        long t0 = System.nanoTime();
        StartupLimiter.Ticket ticket = limiter.admit(from.source(), () -> {
            st.droppedByUs = true;
            log.info("dropped unauthenticated connection from " + from + ": too many unauthenticated connections");
            abort.run();
        });
        ScheduledFuture<?> deadline = timers.schedule(() -> {
            st.droppedByUs = true;
            String m = "login deadline passed for " + from + ": dropped";
            if (live.get() == null) {
                log.debug(m); // an idle serial line (conacc): reopened at once, not worth a line a minute
            } else {
                log.info(m);
            }
            abort.run();
        }, config.loginDeadline().toMillis(), TimeUnit.MILLISECONDS);
        Gensio top = null;
        try {
            Gensio base;
            try {
                base = in.open();
            } catch (IOException e) {
                // the link itself did not come up (a relpkt handshake on a serial line...): no login attempt
                if (!st.droppedByUs) {
                    log.info("connection from " + from + " failed before TLS: " + ServerLog.clean(e.getMessage()));
                }
                abort.run();
                return;
            }
            live.set(base);
            log.debug(from + ": link up after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            top = ScopedValue.where(CONN, st).call(() -> Gensios.defaults().wrapFilters(authFilters, base, Role.SERVER, ctx));
            live.set(top);
            log.debug(from + ": authenticated after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (IOException e) {
            failed(st, e);
            abort.run();
            return;
        } catch (RuntimeException e) {
            log.warn("connection from " + from + " failed: " + e);
            abort.run();
            return;
        } finally {
            deadline.cancel(false);
            ticket.done();
            if (config.do2fa() && !st.secondFactorChecked && (st.pendingPassword != null || st.acceptedKey != null)) {
                // asked for a code and got none: the first factor alone must not look like a finished attempt
                policy.missingSecondFactor(st.from, st.user, st.pendingPassword != null ? null : st.acceptedKey);
            }
            PamPasswordVerifier.wipe(st.pendingPassword);
        }
        serve(top, st);
    }

    /**
     * Exactly one line per failed connection: an audit line when credentials were never checked, or a
     * "dropped" line for a broken protocol (penalized). A peer that closes before saying anything (a port
     * probe, a health check) is not an attack and costs nothing.
     */
    private void failed(ConnState st, IOException e) {
        String msg = ServerLog.clean(e.getMessage());
        boolean silentClose = msg.contains("peer closed the connection") || msg.contains("end of stream")
                || msg.contains("Connection reset");
        if (st.droppedByUs) {
            log.debug("connection from " + st.from + " ended: " + msg); // the drop was logged already
        } else if (st.attempted) {
            log.debug("connection from " + st.from + " closed: " + msg); // the attempt was audited already
        } else if (silentClose) {
            log.debug("connection from " + st.from + " closed before authenticating: " + msg);
        } else if (msg.contains("authentication refused")) {
            policy.noCredentials(st.from, userOf(msg), "no acceptable credentials", false);
            penalties.penalize(st.from.source(), FailurePenalties.Kind.AUTH_FAILURE);
        } else if (e instanceof ProtocolException || msg.contains("protocol error") || msg.contains("handshake")
                || msg.contains("certauth") || msg.contains("ssl")) {
            log.info("dropped connection from " + st.from + ": " + msg);
            penalties.penalize(st.from.source(), FailurePenalties.Kind.PROTOCOL_ERROR);
        } else {
            policy.noCredentials(st.from, userOf(msg), msg, false);
        }
    }

    private static String userOf(String msg) {
        int i = msg.indexOf("for user '");
        if (i < 0) {
            return null;
        }
        int j = msg.indexOf('\'', i + 10);
        return j < 0 ? null : msg.substring(i + 10, j);
    }

    private void serve(Gensio top, ConnState st) {
        try {
            AuthResult r = top.get(Certauth.RESULT).orElse(null);
            if (!(r instanceof AuthResult.Authenticated a)) {
                log.info("connection from " + st.from + " not authenticated: dropped");
                top.abort();
                return;
            }
            LoginPolicy.Admission adm = policy.admit(a.user());
            if (!(adm instanceof LoginPolicy.Admission.Allowed allowed)) {
                top.abort(); // the account changed between the check and now
                return;
            }
            log.info("Accepted " + (a.certificate() != null ? "certificate" : "password")
                    + (a.secondFactor() ? " and second factor" : "") + " for " + a.user() + " from " + st.from);
            byte[] service = top.get(Certauth.SERVICE_BYTES).orElse(new byte[0]);
            Gensio first;
            byte[] request;
            ChannelHub hub;
            if (service.length >= 3 && service[0] == 'm' && service[1] == 'u' && service[2] == 'x') {
                MuxChannel ch = MuxFactory.open(top, new MuxOptions(Role.SERVER, ServerConfig.MUX_READBUF,
                        ServerConfig.MUX_WRITEBUF, ServerConfig.MUX_MAX_CHANNELS, null), ctx);
                first = ch;
                request = ch.serviceBytes();
                log.debug(st.from + ": mux open");
                hub = new MuxHub(ch.session());
            } else {
                first = top;
                request = Arrays.copyOf(service, service.length);
                hub = ChannelHub.NONE;
            }
            dispatcher.run(first, request, allowed.account(), st.from, hub);
        } catch (IOException e) {
            log.info("connection from " + st.from + " failed: " + ServerLog.clean(e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("connection from " + st.from + " failed: " + e);
        } finally {
            try {
                top.close();
            } catch (IOException e) {
                top.abort();
            }
        }
    }
}
