package org.jgtlssh.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.gensio.mux.MuxChannel;
import org.jgtlssh.gensio.mux.MuxSession;
import org.jgtlssh.gtlssh.OobMessage;

/**
 * {@code -L} and {@code -R}, gtlssh's way:
 *
 * <pre>
 *   -L: we listen on the accept string; each connection opens a mux channel whose service is the
 *       connect string (e.g. "tcp,db,5432"); the server connects it and relays.
 *   -R: each spec gets a 4-digit id ("0000", "0001", ...) sent in an OOB 'r' request with the accept
 *       string; the server listens and opens a channel with service = the id for each connection;
 *       we connect the local connect string and relay.
 * </pre>
 * Everything runs on virtual threads (socket and mux reads only); forwarded channels end with the session.
 */
final class Forwarding implements AutoCloseable {
    private final MuxSession mux;
    private final DebugLog log;
    private final List<Accepter> accepters = new ArrayList<>();
    private final Map<String, ForwardSpec> remote = new LinkedHashMap<>();
    private volatile boolean closed;

    Forwarding(MuxSession mux, DebugLog log) {
        this.mux = mux;
        this.log = log;
    }

    /** Starts listening for every -L; a failure to listen is fatal (the user asked for it). */
    void startLocal(List<ForwardSpec> specs) throws IOException {
        for (ForwardSpec s : specs) {
            Accepter a;
            try {
                a = Gensios.accepter(s.accept());
            } catch (IOException e) {
                throw new IOException("cannot listen for -L " + s.argument() + ": " + e.getMessage(), e);
            }
            accepters.add(a);
            log.debug(1, "-L " + s.argument() + ": listening on " + a.localAddress());
            Thread.ofVirtual().name("jgtlssh-L").start(() -> acceptLoop(a, s));
        }
    }

    private void acceptLoop(Accepter a, ForwardSpec s) {
        while (!closed) {
            Incoming in;
            try {
                in = a.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.always("-L " + s.argument() + ": " + e.getMessage());
                }
                return;
            }
            Thread.ofVirtual().start(() -> {
                Gensio local = null;
                try {
                    local = in.open();
                    MuxChannel ch = mux.openChannel(s.connect().getBytes(StandardCharsets.UTF_8));
                    relay(local, ch);
                } catch (IOException e) {
                    log.always("Mux open failed for " + s.argument() + ": " + e.getMessage());
                    if (local != null) {
                        local.abort();
                    } else {
                        in.abort();
                    }
                }
            });
        }
    }

    /** The OOB requests for every -R, to send before anything else (gtlssh sends them first). */
    List<OobMessage> remoteRequests(List<ForwardSpec> specs) {
        List<OobMessage> out = new ArrayList<>();
        int id = 0;
        for (ForwardSpec s : specs) {
            String sid = String.format("%04d", id++);
            remote.put(sid, s);
            out.add(new OobMessage.RemoteForwardRequest(sid, s.accept()));
        }
        return out;
    }

    /** Accepts the channels the server opens for -R connections (only known ids are accepted). */
    void startRemote() {
        if (remote.isEmpty()) {
            mux.setIncomingFilter(svc -> false); // nothing to accept: refuse whatever a server opens
            return;
        }
        mux.setIncomingFilter(remote::containsKey);
        Thread.ofVirtual().name("jgtlssh-R").start(() -> {
            while (!closed) {
                MuxChannel ch;
                try {
                    ch = mux.acceptChannel();
                } catch (IOException e) {
                    return; // the session is over
                }
                ForwardSpec s = remote.get(ch.service());
                if (s == null) {
                    log.always("Unknown remote service request: " + ch.service());
                    ch.abort();
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    try {
                        relay(Gensios.connect(s.connect()), ch);
                    } catch (IOException e) {
                        log.always("-R " + s.argument() + ": cannot connect " + s.connect() + ": " + e.getMessage());
                        ch.abort();
                    }
                });
            }
        });
    }

    /** Copies both ways; when one direction ends, the other side is half-closed if it can be, else closed. */
    static void relay(Gensio a, Gensio b) {
        Thread t = Thread.ofVirtual().start(() -> copy(b, a));
        copy(a, b);
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(a);
        closeQuietly(b);
    }

    private static void copy(Gensio from, Gensio to) {
        byte[] buf = new byte[32768];
        try {
            int n;
            while ((n = from.read(buf, 0, buf.length)) >= 0) {
                to.write(buf, 0, n, 0);
            }
            try {
                to.closeWrite();
            } catch (UnsupportedOperationException e) {
                closeQuietly(to);
                closeQuietly(from);
            }
        } catch (IOException e) {
            from.abort();
            to.abort();
        }
    }

    private static void closeQuietly(Gensio g) {
        try {
            g.close();
        } catch (IOException | RuntimeException e) {
            g.abort();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Accepter a : accepters) {
            a.close();
        }
    }
}
