package org.jgtlssh.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.certauth.Certauth;
import org.jgtlssh.gensio.mux.MuxSession;
import org.jgtlssh.gensio.ssl.PeerTrust;
import org.jgtlssh.gensio.stack.Quoting;

/**
 * Builds and opens gtlssh's client stack:
 *
 * <pre>
 *   telnet(rfc2217),                                          (only with -r, as gtlssh)
 *   mux(writebuf=65496,readbuf=1048128),                      (not with --nomux)
 *   certauth(enable-password,username=U,"cert=C","key=K"),
 *   ssl("CA=&lt;cadir&gt;/"),
 *   tcp(readbuf=20000,nodelay),[ipv4,|ipv6,]HOST,PORT          (or the --transport stack)
 * </pre>
 *
 * and the values gtlssh sets through controls (here OpenContext attributes, which need no quoting and
 * may hold NUL bytes): the certauth service ({@code mux\0}, or the session request with --nomux), the
 * certauth aux data (flags word, bit 0 = no interactive prompting), the mux first-channel service (the
 * session request), the server trust policy ({@link HostTrust}) and the password/2FA prompts.
 */
final class Connector {
    /** gtlssh's certauth aux flag: do not prompt for anything on this connection. */
    static final int AUX_NO_INTERACTIVE = 0x1;
    private static final byte[] MUX_SERVICE = {'m', 'u', 'x', 0};

    private Connector() {}

    /** The stack string, as gtlssh would open it (the same text, our quoting). */
    static String stackString(ClientOptions o, Credentials.Choice cred) {
        StringBuilder sb = new StringBuilder();
        if (o.telnet()) {
            sb.append("telnet(rfc2217),");
        }
        if (o.mux()) {
            sb.append("mux(writebuf=65496,readbuf=1048128),");
        }
        sb.append("certauth(enable-password,")
                .append(Quoting.quoteIfNeeded("username=" + o.user())).append(',')
                .append(Quoting.quote("cert=" + cred.cert())).append(',')
                .append(Quoting.quote("key=" + cred.key())).append("),");
        String ca = o.caDir().toString();
        sb.append("ssl(").append(Quoting.quote("CA=" + (ca.endsWith("/") ? ca : ca + "/"))).append("),");
        sb.append(transport(o));
        return sb.toString();
    }

    /** The part below ssl: {@code --transport} as given, else tcp. */
    static String transport(ClientOptions o) {
        if (o.transport() != null) {
            return o.transport();
        }
        checkHost(o.connectHost());
        // nodelay: gtlssh sets it only for interactive sessions; keystrokes through a remote `cat` matter
        // too, and our writes are large anyway, so Nagle only ever adds delayed-ACK stalls.
        return "tcp(readbuf=20000,nodelay)," + (o.family() != null ? o.family() + "," : "") + o.connectHost() + ","
                + o.port();
    }

    /**
     * The host goes into an address list that is split on commas without quoting; refuse anything but
     * host-name and IP-literal characters so it cannot add layers or addresses.
     */
    static void checkHost(String h) {
        if (h.isEmpty() || h.length() > 253) {
            throw new IllegalArgumentException("invalid host name");
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == ':' || c == '_' || c == '%';
            if (!ok || (i == 0 && c == '-')) {
                throw new IllegalArgumentException("invalid host name '" + TerminalSafe.oneLine(h) + "'");
            }
        }
    }

    /** The OpenContext carrying everything that is not in the string. */
    static OpenContext context(ClientOptions o, byte[] sessionRequest, TrustPrompter ui, TtyPrompter tty,
            GensioListener listener) {
        HostTrust trust = new HostTrust(o.caDir(), o.host(), o.port(), Clock.systemUTC());
        PeerTrust policy = peer -> {
            trust.verify(peer.leaf(), peer.remoteAddress(), o.prompting(), ui);
            return true;
        };
        byte[] aux = {0, 0, 0, (byte) (o.prompting() ? 0 : AUX_NO_INTERACTIVE)};
        OpenContext ctx = OpenContext.of(listener)
                .with(PeerTrust.ATTRIBUTE, policy)
                .with(Certauth.AUX_DATA, aux)
                .with(Certauth.SERVICE_BYTES, o.mux() ? MUX_SERVICE.clone() : sessionRequest.clone())
                .with(Certauth.PASSWORD_PROMPT, user -> o.prompting() ? secret(tty, "Password: ") : null)
                .with(Certauth.SECOND_FACTOR_PROMPT, user -> o.prompting() ? secret(tty, "2-factor auth: ") : null);
        if (o.mux()) {
            ctx = ctx.with(MuxSession.FIRST_SERVICE, sessionRequest.clone());
        }
        return ctx;
    }

    private static byte[] secret(TtyPrompter tty, String prompt) throws IOException {
        char[] c = tty.secret(prompt);
        if (c == null) {
            return null;
        }
        try {
            java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(c));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            if (b.hasArray()) {
                Arrays.fill(b.array(), (byte) 0);
            }
            return out;
        } finally {
            Arrays.fill(c, '\0');
        }
    }

    /** Opens the stack; the returned gensio is the mux main channel (or certauth with --nomux). */
    static Gensio open(String stack, OpenContext ctx) throws IOException {
        return Gensios.connect(stack, ctx);
    }
}
