package org.jgtlssh.gensio.tcp;

import java.util.List;
import java.util.Set;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** The tcp layer's options, parsed once, with gensio's defaults. */
public record TcpOptions(int readbuf, boolean nodelay, boolean reuseaddr, String laddr, List<NetAddress> addresses) {
    static final Set<String> KEYS = Set.of("readbuf", "nodelay", "laddr", "reuseaddr", "tcpd", "tcpdname");

    static TcpOptions parse(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        String w = spec.where();
        var o = spec.options();
        int readbuf = o.integer(w, "readbuf", 1024, 1, 16 * 1024 * 1024);
        boolean nodelay = o.bool(w, "nodelay", false);
        boolean reuse = o.bool(w, "reuseaddr", true);
        String laddr = o.string("laddr", null);
        List<NetAddress> addrs = NetAddress.parseList(w, spec.address(), !accepter);
        return new TcpOptions(readbuf, nodelay, reuse, laddr, addrs);
    }
}
