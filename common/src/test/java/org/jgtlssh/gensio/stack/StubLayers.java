package org.jgtlssh.gensio.stack;

import java.util.Set;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.LayerRegistry;

/**
 * A registry for parser tests: the real terminals of this package's owner (tcp, unix, stdio, pty,
 * conacc) plus name-and-option-key stand-ins for every other gensio type the spec's examples use, with
 * the option keys gensio 2.6.2/HEAD accepts (spec stack-strings.md §4-5). The parser is what is
 * under test; the stand-ins only tell it which names exist, which are filters, and which keys each has.
 */
final class StubLayers {
    private StubLayers() {}

    static LayerRegistry registry() {
        LayerRegistry r = new LayerRegistry();
        for (String real : new String[] {"tcp", "unix", "stdio", "pty", "conacc"}) {
            r.register(LayerRegistry.defaultRegistry().get(real));
        }
        terminal(r, "udp", "readbuf", "laddr", "nocon", "mcast", "mloop", "mttl", "reuseaddr");
        terminal(r, "sctp", "readbuf", "instreams", "ostreams", "sack_freq", "sack_delay", "nodelay", "laddr",
                "reuseaddr");
        terminal(r, "serialdev", "readbuf", "drain_time", "char_drain_wait", "nouucplock", "uucplock", "flock",
                "wronly", "rdonly");
        terminal(r, "file", "infile", "outfile", "create", "read_close", "umode", "gmode", "omode", "perm",
                "append", "trunc", "binary");
        terminal(r, "echo", "noecho", "data", "readbuf");
        terminal(r, "dummy");
        filter(r, "ssl", "ca", "key", "cert", "mode", "clientauth", "allow-authfail", "readbuf", "writebuf",
                "con-timeout");
        filter(r, "certauth", "ca", "cert", "key", "username", "service", "password", "2fa", "mode",
                "allow-authfail", "use-child-auth", "enable-password", "require-password", "enable-2fa",
                "allow-unencrypted", "con-timeout");
        filter(r, "mux", "max_channels", "service", "mode", "readbuf", "writebuf");
        filter(r, "relpkt", "max_pktsize", "max_packets", "mode", "timeout", "max_timeouts");
        filter(r, "msgdelim", "readbuf", "writebuf", "crc");
        filter(r, "telnet", "rfc2217", "winsize", "mode", "readbuf", "writebuf");
        filter(r, "keepopen", "retry-time", "discard-badwrites");
        return r;
    }

    private static void terminal(LayerRegistry r, String name, String... keys) {
        r.register(stub(name, false, keys));
    }

    private static void filter(LayerRegistry r, String name, String... keys) {
        r.register(stub(name, true, keys));
    }

    private static LayerFactory stub(String name, boolean filter, String... keys) {
        Set<String> k = Set.of(keys);
        return new LayerFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isFilter() {
                return filter;
            }

            @Override
            public Set<String> optionKeys() {
                return k;
            }
        };
    }
}
