package org.jgtlssh.gensio.tcp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * A gensio network address list: {@code [family,][host,]port{,[family,][host,]port}} with family one of
 * {@code ipv4}, {@code ipv6}, {@code ipv6n4}. Split on commas; no quoting (IPv6 literals contain
 * colons, not commas).
 */
public record NetAddress(String family, String host, int port) {

    public static List<NetAddress> parseList(String where, String s, boolean hostRequired)
            throws StackSyntaxException {
        if (s == null || s.isEmpty()) {
            throw new StackSyntaxException(where + ": needs an address (" + (hostRequired ? "host," : "[host,]")
                    + "port)", -1);
        }
        String[] parts = s.split(",", -1);
        List<NetAddress> out = new ArrayList<>();
        int i = 0;
        while (i < parts.length) {
            String family = null;
            String p = parts[i].trim();
            String lower = p.toLowerCase(Locale.ROOT);
            if (lower.equals("ipv4") || lower.equals("ipv6") || lower.equals("ipv6n4")) {
                family = lower;
                i++;
                if (i >= parts.length) {
                    throw new StackSyntaxException(where + ": '" + p + "' must be followed by an address", -1);
                }
                p = parts[i].trim();
            }
            String host = null;
            if (!isPort(p)) {
                host = p;
                i++;
                if (i >= parts.length) {
                    throw new StackSyntaxException(where + ": host '" + host + "' needs a port after it", -1);
                }
                p = parts[i].trim();
            }
            if (!isPort(p)) {
                throw new StackSyntaxException(where + ": invalid port '" + p + "'", -1);
            }
            int port = Integer.parseInt(p);
            if (port > 65535) {
                throw new StackSyntaxException(where + ": port " + port + " out of range", -1);
            }
            if (host != null && host.isEmpty()) {
                throw new StackSyntaxException(where + ": empty host name", -1);
            }
            if (host == null && hostRequired) {
                throw new StackSyntaxException(where + ": a connection needs a host name before the port", -1);
            }
            if (host != null) {
                int slash = host.indexOf('/');
                if (slash >= 0) {
                    host = host.substring(0, slash); // a subnet suffix only matters for matching
                }
            }
            out.add(new NetAddress(family, host, port));
            i++;
        }
        return out;
    }

    private static boolean isPort(String p) {
        if (p.isEmpty() || p.length() > 5) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (!Character.isDigit(p.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Resolves to socket addresses, IPv6 first (as gensio orders them), filtered by family. */
    public List<InetSocketAddress> resolve() throws java.net.UnknownHostException {
        List<InetSocketAddress> v6 = new ArrayList<>();
        List<InetSocketAddress> v4 = new ArrayList<>();
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (a instanceof Inet6Address && !"ipv4".equals(family)) {
                v6.add(new InetSocketAddress(a, port));
            } else if (a instanceof Inet4Address && !"ipv6".equals(family)) {
                v4.add(new InetSocketAddress(a, port));
            }
        }
        v6.addAll(v4);
        return v6;
    }

    /** gensio's printable form of a socket address: {@code ipv4,127.0.0.1,9352}. */
    public static String format(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        InetAddress ia = a.getAddress();
        String fam = ia instanceof Inet6Address ? "ipv6" : "ipv4";
        String h = ia.getHostAddress();
        int pct = h.indexOf('%');
        if (pct >= 0) {
            h = h.substring(0, pct);
        }
        if (ia instanceof Inet6Address) {
            h = compressV6(h);
        }
        return fam + "," + h + "," + a.getPort();
    }

    private static String compressV6(String h) {
        try {
            // InetAddress prints the full form; compress the longest zero run as usual.
            String[] g = h.split(":");
            int bestStart = -1;
            int bestLen = 0;
            for (int i = 0; i < g.length; ) {
                if (g[i].equals("0")) {
                    int j = i;
                    while (j < g.length && g[j].equals("0")) j++;
                    if (j - i > bestLen && j - i > 1) {
                        bestStart = i;
                        bestLen = j - i;
                    }
                    i = j;
                } else {
                    i++;
                }
            }
            if (bestStart < 0) {
                return h;
            }
            String left = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
            String right = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, g.length));
            return left + "::" + right;
        } catch (RuntimeException e) {
            return h;
        }
    }
}
