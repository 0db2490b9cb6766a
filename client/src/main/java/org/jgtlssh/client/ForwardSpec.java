package org.jgtlssh.client;

import org.jgtlssh.gensio.stack.Quoting;

/**
 * One {@code -L} or {@code -R} argument, {@code <accept>:<connect>}, turned into two gensio terminal
 * strings exactly as gtlssh does (the accept string travels to the server in a {@code -R} request and
 * the connect string is the service of a {@code -L} channel, so both must be gtlssh's text):
 *
 * <pre>
 *   accept  := [bindaddr:][tcp,]port | /unix/path     -> "tcp,port" | "tcp,bindaddr,port" | "unix,/unix/path"
 *   connect := host:[tcp,]port       | /unix/path     -> "tcp,host,port" | "unix,/unix/path"
 *   examples:  8080:localhost:80     127.0.0.1:8080:db:5432     /tmp/s.sock:localhost:22    9000:/run/x.sock
 * </pre>
 * At most four {@code :}-separated fields, as in gtlssh, so IPv6 literals are not possible here.
 * SCTP is refused (we do not implement it).
 */
public record ForwardSpec(String argument, String accept, String connect) {

    /**
     * @throws IllegalArgumentException with gtlssh's message for a malformed argument
     */
    public static ForwardSpec parse(String arg) {
        String shown = TerminalSafe.oneLine(arg);
        String[] f = arg.split(":", -1);
        if (f.length < 2) {
            throw new IllegalArgumentException("Not enough fields in port info '" + shown + "'");
        }
        if (f.length > 4) {
            throw new IllegalArgumentException("Too many fields in port info '" + shown + "'");
        }
        int connectFields = f[f.length - 1].startsWith("/") ? 1 : 2;
        int acceptFields = f.length - connectFields;
        if (acceptFields < 1) {
            throw new IllegalArgumentException("Not enough fields in port info '" + shown + "'");
        }
        if (acceptFields > 2 || (acceptFields == 2 && f[0].startsWith("/"))) {
            throw new IllegalArgumentException("Too many fields in port info '" + shown + "'");
        }
        String accept;
        if (f[0].startsWith("/")) {
            accept = "unix," + path(f[0], shown);
        } else if (acceptFields == 1) {
            accept = "tcp," + port(f[0], shown, true);
        } else {
            accept = "tcp," + host(f[0], shown) + "," + port(f[1], shown, true);
        }
        String connect;
        if (connectFields == 1) {
            connect = "unix," + path(f[f.length - 1], shown);
        } else {
            String h = f[f.length - 2];
            if (h.isEmpty()) {
                throw new IllegalArgumentException("No host given in '" + shown + "'");
            }
            connect = "tcp," + host(h, shown) + "," + port(f[f.length - 1], shown, false);
        }
        return new ForwardSpec(arg, accept, connect);
    }

    private static String port(String p, String shown, boolean acceptSide) {
        String s = p;
        if (s.startsWith("tcp,")) {
            s = s.substring(4);
        } else if (s.startsWith("sctp,")) {
            throw new IllegalArgumentException("sctp is not supported in '" + shown + "'");
        }
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("Invalid port given in '" + shown + "'");
        }
        int n = Integer.parseInt(s);
        if (n > 65535 || (n == 0 && !acceptSide)) {
            throw new IllegalArgumentException("Invalid port given in '" + shown + "'");
        }
        return Integer.toString(n);
    }

    private static String host(String h, String shown) {
        if (h.isEmpty()) {
            throw new IllegalArgumentException("No host given in '" + shown + "'");
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == ',' || c == '(' || c == ')' || c == '"' || c == '\\' || c == '\'') {
                throw new IllegalArgumentException("Invalid host name in '" + shown + "'");
            }
        }
        return h;
    }

    private static String path(String p, String shown) {
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) < 0x20 || p.charAt(i) == 0x7f) {
                throw new IllegalArgumentException("Invalid socket path in '" + shown + "'");
            }
        }
        // gtlssh pastes the path unquoted; we quote it only when our own parser would need it.
        return Quoting.needsQuotes(p) ? Quoting.quote(p) : p;
    }
}
