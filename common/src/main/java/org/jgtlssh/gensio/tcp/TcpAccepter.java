package org.jgtlssh.gensio.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Incoming;

/** A listening TCP socket. {@code tcp,852} is one dual-stack socket, as in gensio. */
final class TcpAccepter implements Accepter {
    private final ServerSocket server;
    private final TcpOptions options;
    private final String where;
    private final AtomicBoolean closed = new AtomicBoolean();

    TcpAccepter(ServerSocket server, TcpOptions options, String where) {
        this.server = server;
        this.options = options;
        this.where = where;
    }

    static TcpAccepter open(TcpOptions o, String where) throws IOException {
        if (o.addresses().size() != 1) {
            throw new GensioException(where, "an accepter listens on exactly one address");
        }
        NetAddress a = o.addresses().getFirst();
        InetSocketAddress bind;
        if (a.host() == null) {
            bind = switch (a.family() == null ? "" : a.family()) {
                case "ipv4" -> new InetSocketAddress(InetAddress.getByName("0.0.0.0"), a.port());
                default -> new InetSocketAddress(a.port()); // the wildcard: dual-stack where IPv6 exists
            };
        } else {
            var list = a.resolve();
            if (list.isEmpty()) {
                throw new GensioException(where, "no address for " + a.host());
            }
            bind = list.getFirst();
        }
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(o.reuseaddr());
            ss.bind(bind, 128);
        } catch (IOException e) {
            ss.close();
            throw new GensioException(where, "cannot listen: " + e.getMessage(), e);
        }
        return new TcpAccepter(ss, o, where);
    }

    @Override
    public Incoming accept() throws IOException {
        Socket s;
        try {
            s = server.accept();
        } catch (SocketException e) {
            throw new GensioException(where, closed.get() ? "accepter closed" : e.getMessage(), e);
        }
        s.setTcpNoDelay(true); // small interactive writes; delayed ACKs otherwise cost 40 ms a round trip
        s.setKeepAlive(true);
        TcpGensio g = new TcpGensio(s, "tcp," + NetAddress.format((InetSocketAddress) s.getRemoteSocketAddress()),
                options.readbuf());
        return Incoming.of(g);
    }

    @Override
    public String localAddress() {
        return NetAddress.format((InetSocketAddress) server.getLocalSocketAddress());
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing a listening socket cannot lose data
            }
        }
    }
}
