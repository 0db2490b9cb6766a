package org.jgtlssh.server;

/**
 * Where a connection comes from and arrives at, parsed from the terminal's printable addresses
 * ({@code ipv6,::ffff:127.0.0.1,40000}). {@code source} (the host alone) keys limits and penalties.
 */
public record ConnectionInfo(String remoteHost, int remotePort, String localHost, int localPort) {
    /** The per-source key: the remote host without family or port. */
    public String source() {
        return remoteHost;
    }

    public SessionCommands.Peer peer() {
        return new SessionCommands.Peer(remoteHost, remotePort, localHost, localPort);
    }

    /** Parses {@code [family,]host,port} (gensio's printable form); anything else becomes host only. */
    public static ConnectionInfo of(String remote, String local) {
        String[] r = split(remote);
        String[] l = split(local);
        return new ConnectionInfo(r[0], port(r[1]), l[0], port(l[1]));
    }

    private static String[] split(String a) {
        if (a == null || a.isEmpty()) {
            return new String[] {"unknown", "0"};
        }
        String s = a;
        if (s.startsWith("ipv4,") || s.startsWith("ipv6,") || s.startsWith("tcp,")) {
            s = s.substring(s.indexOf(',') + 1);
        }
        int c = s.lastIndexOf(',');
        return c < 0 ? new String[] {s, "0"} : new String[] {s.substring(0, c), s.substring(c + 1)};
    }

    private static int port(String p) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return remoteHost + " port " + remotePort;
    }
}
