package org.jgtlssh.gensio.tcp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** {@code tcp[(options)],[family,]host,port} as connector, {@code tcp,[family,][host,]port} as accepter. */
public final class TcpFactory implements LayerFactory {
    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public boolean isFilter() {
        return false;
    }

    @Override
    public Set<String> optionKeys() {
        return TcpOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        TcpOptions.parse(spec, accepter);
    }

    @Override
    public Gensio connect(LayerSpec spec, OpenContext ctx) throws IOException {
        TcpOptions o = TcpOptions.parse(spec, false);
        String where = spec.where();
        IOException last = null;
        for (NetAddress a : o.addresses()) {
            List<InetSocketAddress> targets;
            try {
                targets = a.resolve();
            } catch (UnknownHostException e) {
                last = new GensioException(where, "unknown host " + a.host(), e);
                continue;
            }
            for (InetSocketAddress t : targets) {
                Socket s = new Socket();
                try {
                    s.setTcpNoDelay(true);
                    s.setKeepAlive(true);
                    if (o.laddr() != null) {
                        List<NetAddress> l = NetAddress.parseList(where, o.laddr(), false);
                        NetAddress la = l.getFirst();
                        s.setReuseAddress(o.reuseaddr());
                        s.bind(la.host() == null ? new InetSocketAddress(la.port()) : la.resolve().getFirst());
                    }
                    s.connect(t, 30_000);
                    return new TcpGensio(s, where, o.readbuf());
                } catch (ConnectException e) {
                    s.close();
                    last = new GensioException(where, "connection refused", e);
                } catch (IOException e) {
                    s.close();
                    last = new GensioException(where, e.getMessage() == null ? e.toString() : e.getMessage(), e);
                }
            }
        }
        throw last != null ? last : new GensioException(where, "no address to connect to");
    }

    @Override
    public Accepter listen(LayerSpec spec, OpenContext ctx) throws IOException {
        return TcpAccepter.open(TcpOptions.parse(spec, true), spec.where());
    }
}
