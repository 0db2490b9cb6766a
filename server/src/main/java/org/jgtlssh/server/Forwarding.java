package org.jgtlssh.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gtlssh.ForwardTarget;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;

/**
 * Port forwarding of one logged-in session.
 *
 * <ul>
 *   <li>{@code -L}: the client opens a channel whose service is {@code tcp,HOST,PORT} or {@code unix,PATH};
 *       we connect, send the ready byte and relay. A unix socket is connected only if the user could
 *       write to it ({@link UserAccess}), so a root server never lends the user its own rights.
 *   <li>{@code -R}: the client's {@code r} request names a listener; it is opened with the user's rights
 *       (no privileged port for a non-root user; a unix socket only where the user may create one, then
 *       owned by the user) and each connection becomes a channel towards the client with the request's
 *       4-digit service id. Listeners close, and socket files are removed, when the session ends.
 * </ul>
 */
final class Forwarding implements AutoCloseable {
    private final UserAccount user;
    private final boolean serverIsRoot;
    private final ChannelHub hub;
    private final ServerLog log;
    private final List<AutoCloseable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    Forwarding(UserAccount user, boolean serverIsRoot, ChannelHub hub, ServerLog log) {
        this.user = user;
        this.serverIsRoot = serverIsRoot;
        this.hub = hub;
        this.log = log;
    }

    /** Serves one {@code -L} channel to its end. */
    void local(Gensio channel, ForwardTarget target) {
        StreamRelay.Endpoint ep;
        try {
            ep = connect(target);
        } catch (IOException e) {
            log.info("forward to " + ServerLog.clean(target.toGensioString()) + " for " + user.name() + " failed: "
                    + ServerLog.clean(e.getMessage()));
            channel.abort();
            return;
        }
        try {
            channel.write(OobEncoder.ready(), 0, 1, WriteFlags.OOB);
        } catch (IOException e) {
            ep.close();
            channel.abort();
            return;
        }
        StreamRelay.run(channel, ep);
    }

    private StreamRelay.Endpoint connect(ForwardTarget t) throws IOException {
        if (t.isUnix()) {
            if (!UserAccess.test(user, serverIsRoot, "-w", t.path())) {
                throw new IOException("permission denied");
            }
            SocketChannel sc = SocketChannel.open(UnixDomainSocketAddress.of(t.path()));
            return channelEndpoint(sc);
        }
        if (!t.kind().equals("tcp")) {
            throw new IOException(t.kind() + " is not supported");
        }
        Socket s = new Socket();
        s.connect(new InetSocketAddress(t.host(), t.port()), 30_000);
        s.setTcpNoDelay(true);
        return socketEndpoint(s);
    }

    /** Starts an {@code -R} listener; failures are logged (gensio's client is never told). */
    void remote(OobMessage.RemoteForwardRequest req) {
        if (closed) {
            return;
        }
        ForwardTarget t;
        try {
            t = ForwardTarget.parseListen(req.accepter());
        } catch (IllegalArgumentException e) {
            log.info("remote forward " + ServerLog.clean(req.accepter()) + " for " + user.name() + ": "
                    + ServerLog.clean(e.getMessage()));
            return;
        }
        try {
            if (t.isUnix()) {
                listenUnix(req.serviceId(), Path.of(t.path()));
            } else if (t.kind().equals("tcp")) {
                listenTcp(req.serviceId(), t);
            } else {
                throw new IOException(t.kind() + " is not supported");
            }
        } catch (IOException e) {
            log.info("remote forward " + ServerLog.clean(req.accepter()) + " for " + user.name() + " failed: "
                    + ServerLog.clean(e.getMessage()));
        }
    }

    private void listenTcp(String id, ForwardTarget t) throws IOException {
        if (t.port() != 0 && t.port() < 1024 && !user.isRoot()) {
            throw new IOException("port " + t.port() + " is privileged");
        }
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(t.host() == null ? new InetSocketAddress(t.port()) : new InetSocketAddress(t.host(), t.port()), 16);
        listeners.add(ss);
        log.debug("remote forward " + id + " listening on " + ss.getLocalSocketAddress());
        Thread.ofVirtual().name("rfwd-" + id).start(() -> {
            try {
                while (!closed) {
                    Socket s = ss.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> serveRemote(id, socketEndpoint(s)));
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    private void listenUnix(String id, Path path) throws IOException {
        if (!path.isAbsolute()) {
            throw new IOException("socket path must be absolute");
        }
        Path dir = path.getParent();
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("it already exists");
        }
        if (!UserAccess.test(user, serverIsRoot, "-w", dir.toString())) {
            throw new IOException("permission denied");
        }
        ServerSocketChannel ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ssc.bind(UnixDomainSocketAddress.of(path), 16);
        if (serverIsRoot && !user.isRoot()) {
            Files.setAttribute(path, "unix:uid", user.uid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", user.gid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
        listeners.add(() -> {
            ssc.close();
            Files.deleteIfExists(path);
        });
        Thread.ofVirtual().name("rfwd-" + id).start(() -> {
            try {
                while (!closed) {
                    SocketChannel sc = ssc.accept();
                    Thread.ofVirtual().start(() -> serveRemote(id, channelEndpoint(sc)));
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    private void serveRemote(String id, StreamRelay.Endpoint ep) {
        Gensio ch;
        try {
            ch = hub.open(id.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            log.debug("remote forward " + id + ": client refused the channel: " + ServerLog.clean(e.getMessage()));
            ep.close();
            return;
        }
        StreamRelay.run(ch, ep);
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable l : listeners) {
            try {
                l.close();
            } catch (Exception ignored) {
                // best effort: the session is over
            }
        }
        listeners.clear();
    }

    static StreamRelay.Endpoint socketEndpoint(Socket s) {
        return new StreamRelay.Endpoint() {
            @Override
            public InputStream in() {
                try {
                    return s.getInputStream();
                } catch (IOException e) {
                    return InputStream.nullInputStream();
                }
            }

            @Override
            public OutputStream out() {
                try {
                    return s.getOutputStream();
                } catch (IOException e) {
                    return OutputStream.nullOutputStream();
                }
            }

            @Override
            public void shutdownOutput() {
                try {
                    s.shutdownOutput();
                } catch (IOException ignored) {
                    // closed already
                }
            }

            @Override
            public void close() {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        };
    }

    static StreamRelay.Endpoint channelEndpoint(SocketChannel sc) {
        InputStream in = Channels.newInputStream(sc);
        OutputStream out = Channels.newOutputStream(sc);
        return new StreamRelay.Endpoint() {
            @Override
            public InputStream in() {
                return in;
            }

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void shutdownOutput() {
                try {
                    sc.shutdownOutput();
                } catch (IOException ignored) {
                    // closed already
                }
            }

            @Override
            public void close() {
                try {
                    sc.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        };
    }
}
