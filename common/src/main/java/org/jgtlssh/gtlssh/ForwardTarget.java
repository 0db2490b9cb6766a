package org.jgtlssh.gtlssh;

import java.util.Objects;

/**
 * Where a forwarded connection goes (an {@code -L} channel's service) or where a remote listener listens
 * (an {@code -R} request's accepter string), in gensio's address syntax.
 *
 * <pre>
 *   tcp,HOST,PORT      connect: HOST and PORT      listen: tcp,PORT or tcp,BIND,PORT
 *   sctp,HOST,PORT     same as tcp
 *   unix,PATH          a unix-domain socket path
 * </pre>
 *
 * @param kind {@code tcp}, {@code sctp} or {@code unix}
 * @param host host name or bind address; null for unix and for a listener on all addresses
 * @param port 0..65535 (0 for unix, or for a listener: any free port)
 * @param path the socket path for unix, else null
 */
public record ForwardTarget(String kind, String host, int port, String path) {
    /** The longest path a unix socket address can hold on Linux (sun_path is 108 bytes). */
    public static final int MAX_UNIX_PATH = 107;

    public ForwardTarget {
        Objects.requireNonNull(kind);
        switch (kind) {
            case "tcp", "sctp" -> {
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port out of range: " + port);
                }
                if (path != null) {
                    throw new IllegalArgumentException(kind + " has no path");
                }
            }
            case "unix" -> {
                if (path == null || path.isEmpty() || path.indexOf('\0') >= 0
                        || path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_UNIX_PATH) {
                    throw new IllegalArgumentException("invalid unix socket path");
                }
            }
            default -> throw new IllegalArgumentException("unknown forwarding kind: " + kind);
        }
    }

    public static ForwardTarget tcp(String host, int port) {
        return new ForwardTarget("tcp", host, port, null);
    }

    public static ForwardTarget unix(String path) {
        return new ForwardTarget("unix", null, 0, path);
    }

    public boolean isUnix() {
        return kind.equals("unix");
    }

    /** The gensio string: {@code tcp,host,port}, {@code tcp,port} (listener on all addresses), {@code unix,path}. */
    public String toGensioString() {
        if (isUnix()) {
            return "unix," + path;
        }
        return host == null ? kind + "," + port : kind + "," + host + "," + port;
    }

    /**
     * Parses a connect target ({@code -L} channel service). Like gtlsshd, anything after a further comma
     * following the port is ignored. Throws {@link IllegalArgumentException} with a printable reason.
     */
    public static ForwardTarget parseConnect(String s) {
        return parse(s, false);
    }

    /** Parses a listener address ({@code -R} request): {@code tcp,PORT}, {@code tcp,BIND,PORT}, {@code unix,PATH}. */
    public static ForwardTarget parseListen(String s) {
        return parse(s, true);
    }

    private static ForwardTarget parse(String s, boolean listen) {
        int comma = s.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("no address type");
        }
        String kind = s.substring(0, comma);
        String rest = s.substring(comma + 1);
        switch (kind) {
            case "unix" -> {
                return unix(rest);
            }
            case "tcp", "sctp" -> {
                String[] parts = rest.split(",", -1);
                String host;
                String port;
                if (listen && parts.length == 1) {
                    host = null;
                    port = parts[0];
                } else if (parts.length >= 2) {
                    host = parts[0];
                    port = parts[1];
                } else {
                    throw new IllegalArgumentException("Invalid port in " + kind + " service");
                }
                if (host != null && (host.isEmpty() || !validHost(host))) {
                    throw new IllegalArgumentException("invalid host name");
                }
                return new ForwardTarget(kind, host, parsePort(port), null);
            }
            default -> throw new IllegalArgumentException("Unknown accepter type");
        }
    }

    private static int parsePort(String p) {
        if (p.isEmpty() || p.length() > 5) {
            throw new IllegalArgumentException("Invalid port");
        }
        int v = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("Invalid port");
            }
            v = v * 10 + (c - '0');
        }
        if (v > 65535) {
            throw new IllegalArgumentException("Invalid port");
        }
        return v;
    }

    /** Host names and IP literals only: letters, digits, '.', '-', ':', '_', '%' (IPv6 scope). */
    private static boolean validHost(String h) {
        if (h.length() > 253) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == ':' || c == '_' || c == '%';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
