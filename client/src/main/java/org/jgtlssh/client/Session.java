package org.jgtlssh.client;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.mux.MuxSession;
import org.jgtlssh.gtlssh.ExtensionOffer;
import org.jgtlssh.gtlssh.OobMessage;
import org.jgtlssh.gtlssh.SessionRequest;
import org.jgtlssh.gtlssh.SessionRequestCodec;

/**
 * One jgtlssh run: credentials, the connection (with trust and prompts), the local terminal, forwarding,
 * then {@link SessionIO} until the remote side ends. Returns the process exit status; the local terminal
 * is restored on every path out.
 */
final class Session {
    private final ClientOptions o;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintStream stderr;

    Session(ClientOptions options) {
        this(options, new FileInputStream(FileDescriptor.in),
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 65536), System.err);
    }

    Session(ClientOptions options, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        this.o = options;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    int run() {
        DebugLog log = new DebugLog(stderr, o.debug(), false);
        Credentials.Choice cred;
        try {
            cred = Credentials.choose(o.gtlsshDir(), o.host(), o.port(), o.keyfile(), o.certfile(), Instant.now());
        } catch (IOException | IllegalArgumentException e) {
            log.always(e.getMessage());
            return ExitCodes.FAILURE;
        }
        cred.warnings().forEach(w -> {
            stderr.println(w);
            stderr.flush();
        });
        // Without mux there is no OOB channel for the server's answer, so nothing is offered (gtlssh's bytes).
        byte[] request = SessionRequestCodec.encode(request(), o.mux() ? offer() : null);
        String stack;
        try {
            stack = Connector.stackString(o, cred);
        } catch (IllegalArgumentException e) {
            log.always(e.getMessage());
            return ExitCodes.FAILURE;
        }
        log.debug(1, "opening " + stack);
        TtyPrompter tty = new TtyPrompter();
        TrustPrompter ui = o.prompting() ? tty : TrustPrompter.NONE;

        Gensio top;
        try {
            top = Connector.open(stack, Connector.context(o, request, ui, tty, listener(log)));
        } catch (HostTrust.RefusedException e) {
            stderr.print(e.getMessage());
            stderr.flush();
            return ExitCodes.FAILURE;
        } catch (IOException | IllegalArgumentException e) {
            Throwable refused = cause(e, HostTrust.RefusedException.class);
            if (refused != null) {
                stderr.print(refused.getMessage());
            } else {
                log.always("Could not open " + o.host() + ": " + e.getMessage());
            }
            stderr.flush();
            return ExitCodes.FAILURE;
        }

        LocalTerminal terminal = null;
        Forwarding fwd = null;
        try {
            if (o.interactive()) {
                terminal = LocalTerminal.open(stderr);
                terminal.enterRaw();
                log = new DebugLog(stderr, o.debug(), true);
            }
            EscapeMachine esc = new EscapeMachine(o.escape());
            SessionIO io = new SessionIO(top, stdin, stdout, stderr, esc, terminal, o.mux(), log);
            io.serialKeys(new SerialKeys(o.telnet() ? top : null));
            if (o.mux()) {
                MuxSession mux = top.get(MuxSession.CONTROL).orElseThrow(
                        () -> new IOException("no mux session on the main channel"));
                fwd = new Forwarding(mux, log);
                for (OobMessage m : fwd.remoteRequests(o.remote())) {
                    io.sendOob(m);
                }
                fwd.startRemote();
                try {
                    fwd.startLocal(o.local());
                } catch (IOException e) {
                    log.always(e.getMessage()); // a -L the user asked for cannot listen: not a lost connection
                    return ExitCodes.FAILURE;
                }
            }
            int status = io.run();
            log.debug(2, "session ended, status " + status);
            return status;
        } catch (IOException e) {
            log.always("Connection to " + o.host() + " lost: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            if (terminal != null) {
                terminal.close();
            }
            if (fwd != null) {
                fwd.close();
            }
            top.abort();
            log.debug(2, "connection released");
        }
    }

    private SessionRequest request() {
        if (o.login()) {
            List<String> env = new ArrayList<>();
            if (o.terminalType() != null && !o.terminalType().isEmpty()) {
                env.add("TERM=" + o.terminalType());
            }
            return new SessionRequest.Login(env);
        }
        return new SessionRequest.Program(o.program());
    }

    /** Everything we know, with LANG and LC_* (the server applies only what it allows). */
    private static ExtensionOffer offer() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if ((k.equals("LANG") || k.startsWith("LC_")) && v.length() <= 256 && v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                env.put(k, v);
            }
        });
        return ExtensionOffer.all().withEnvironment(env);
    }

    private static GensioListener listener(DebugLog log) {
        return new GensioListener() {
            @Override
            public void event(String layer, String event, Map<String, Object> data) {
                log.debug(2, layer + ": " + event + " " + data);
            }
        };
    }

    private static Throwable cause(Throwable t, Class<?> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
