package org.jgtlssh.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.ExtensionOffer;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.SessionRequest;
import org.jgtlssh.gtlssh.SessionRequestCodec;

/**
 * Everything after authentication for one connection: the session of the first channel (login shell or
 * program), the {@code -L} channels the client opens meanwhile, the {@code -R} listeners it asks for.
 * When the session ends, the whole connection ends (as with gensio: forwarded channels close when the
 * client's main session does).
 */
public final class SessionDispatcher {
    /** Server-wide session settings. */
    public record Settings(Set<Feature> enabledFeatures, EnvironmentPolicy environment, Duration keepalive,
            boolean serverIsRoot, java.nio.file.Path nologin) {
        public Settings {
            enabledFeatures = enabledFeatures.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabledFeatures));
        }

        public Settings(Set<Feature> enabledFeatures, EnvironmentPolicy environment, Duration keepalive,
                boolean serverIsRoot) {
            this(enabledFeatures, environment, keepalive, serverIsRoot, java.nio.file.Path.of("/etc/nologin"));
        }
    }

    private final Settings settings;
    private final ServerLog log;

    public SessionDispatcher(Settings settings, ServerLog log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Runs the connection's sessions to their end. Returns the main session's exit status, or null when no
     * program ran.
     */
    public ExitStatus run(Gensio first, byte[] request, UserAccount user, ConnectionInfo from, ChannelHub hub) {
        SessionRequestCodec.Decoded d;
        try {
            d = SessionRequestCodec.decode(request);
        } catch (ProtocolException e) {
            log.info("bad session request from " + user.name() + "@" + from.source() + ": " + ServerLog.clean(e.getMessage()));
            // gensio's texts, without our layer prefix
            failChannel(first, e.getMessage().replaceFirst("^gtlssh: ", ""));
            hub.abort();
            return null;
        }
        if (!user.isRoot() && settings.nologin() != null && java.nio.file.Files.isReadable(settings.nologin())) {
            // like login(1) and gensio: /etc/nologin keeps everyone but root out, and says why
            String text;
            try {
                text = java.nio.file.Files.readString(settings.nologin(), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                text = "Logins are disabled.\n";
            }
            log.info("refused session of " + user.name() + ": " + settings.nologin() + " exists");
            failChannel(first, d.request() instanceof SessionRequest.Login ? text.replace("\n", "\r\n") : "");
            hub.abort();
            return null;
        }
        try (Forwarding fwd = new Forwarding(user, settings.serverIsRoot(), hub, log)) {
            if (d.request() instanceof SessionRequest.Forward f) {
                // a first channel that is itself a forward: serve it, then the connection ends
                fwd.local(first, f.target());
                return null;
            }
            Thread acceptor = Thread.ofVirtual().name("channels-" + user.name()).start(() -> acceptChannels(hub, fwd, user));
            try {
                return session(first, d, user, from, fwd);
            } finally {
                acceptor.interrupt();
                hub.abort();
            }
        }
    }

    private ExitStatus session(Gensio ch, SessionRequestCodec.Decoded d, UserAccount user, ConnectionInfo from,
            Forwarding fwd) {
        ExtensionOffer offer = d.offer();
        Set<Feature> accepted = null;
        if (offer != null) {
            accepted = EnumSet.noneOf(Feature.class);
            for (Feature f : offer.features()) {
                if (settings.enabledFeatures().contains(f)) {
                    accepted.add(f);
                }
            }
        }
        boolean login = d.request() instanceof SessionRequest.Login;
        List<String> loginItems = login ? ((SessionRequest.Login) d.request()).environment() : List.of();
        Map<String, String> offered = accepted != null && accepted.contains(Feature.ENVIRONMENT) ? offer.environment() : Map.of();
        List<String> rejected = new ArrayList<>();
        Map<String, String> env = settings.environment().filter(loginItems, offered, rejected);
        if (!rejected.isEmpty()) {
            log.info("ignored environment from " + user.name() + ": " + ServerLog.clean(String.join(",", rejected)));
        }
        LaunchSpec spec;
        SessionProcess p;
        try {
            spec = login
                    ? SessionCommands.login(user, settings.serverIsRoot(), from.peer(), env)
                    : SessionCommands.program(user, settings.serverIsRoot(), from.peer(), env,
                            ((SessionRequest.Program) d.request()).argv());
            boolean separate = !login && accepted != null && accepted.contains(Feature.STDERR);
            p = SessionProcess.start(spec, null, separate);
        } catch (IOException | IllegalArgumentException e) {
            log.info("cannot start the session of " + user.name() + ": " + ServerLog.clean(e.getMessage()));
            failChannel(ch, "Err: " + e.getMessage() + "\r\n");
            return null;
        }
        log.debug("session of " + user.name() + " started");
        log.info("session for " + user.name() + " from " + from.source() + ": "
                + (login ? "login shell " + user.shell() : "program " + ServerLog.clean(
                        ((SessionRequest.Program) d.request()).argv().get(0)))
                + (accepted != null ? " (extensions " + accepted + ")" : ""));
        try {
            ExitStatus st = new SessionRelay(ch, p, accepted, login, settings.keepalive(), fwd::remote,
                    m -> log.debug(user.name() + ": " + m)).run();
            log.info("User " + user.name() + " logged out (" + (st.signaled() ? "signal " : "exit ") + st.value() + ")");
            return st;
        } catch (InterruptedException e) {
            p.hangup();
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void acceptChannels(ChannelHub hub, Forwarding fwd, UserAccount user) {
        while (true) {
            ChannelHub.Incoming in;
            try {
                in = hub.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().name("lfwd-" + user.name()).start(() -> {
                try {
                    SessionRequest r = SessionRequestCodec.decode(in.service()).request();
                    if (r instanceof SessionRequest.Forward f) {
                        fwd.local(in.channel(), f.target());
                    } else {
                        failChannel(in.channel(), "Only forwarding on additional channels");
                    }
                } catch (ProtocolException e) {
                    log.info("bad channel service from " + user.name() + ": "
                            + ServerLog.clean(new String(in.service(), StandardCharsets.UTF_8)));
                    failChannel(in.channel(), e.getMessage().replaceFirst("^gtlssh: ", ""));
                }
            });
        }
    }

    private static void failChannel(Gensio ch, String text) {
        try {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            ch.write(b, 0, b.length, 0);
            ch.close();
        } catch (IOException e) {
            ch.abort();
        }
    }
}
