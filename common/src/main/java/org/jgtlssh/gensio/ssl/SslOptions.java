package org.jgtlssh.gensio.ssl;

import java.time.Duration;
import java.util.Set;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.Options;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * The ssl layer's options as gensio names them, parsed once (keys are lower-cased by the parser, so
 * gensio's {@code CA} is {@code ca} here).
 *
 * @param role client or server ({@code mode=} overrides the stack's role)
 * @param ca trust store path ({@code /} at the end = hashed directory), or null
 * @param key private key PEM file, or null
 * @param cert certificate (chain) PEM file; defaults to {@code key}
 * @param clientauth server: ask the client for a certificate and require it
 * @param allowAuthfail open even if the peer's certificate is missing or does not verify; the layer
 *     then reports {@code isAuthenticated() == false}
 * @param conTimeout handshake deadline
 * @param readbuf plaintext read buffer size
 * @param writebuf largest plaintext of one TLS record we send
 */
public record SslOptions(Role role, String ca, String key, String cert, boolean clientauth,
        boolean allowAuthfail, Duration conTimeout, int readbuf, int writebuf) {

    static final Set<String> KEYS = Set.of("mode", "ca", "key", "cert", "clientauth", "allow-authfail",
            "con-timeout", "readbuf", "writebuf");

    public static final Duration DEFAULT_CON_TIMEOUT = Duration.ofSeconds(60);

    static SslOptions parse(LayerSpec spec, Role stackRole) throws StackSyntaxException {
        String w = spec.where();
        Options o = spec.options();
        o.checkKnown(w, KEYS);
        Role role = o.has("mode") ? Role.parse(w, o.string("mode", "")) : stackRole;
        String key = nonEmpty(w, o, "key");
        String cert = nonEmpty(w, o, "cert");
        if (cert == null) {
            cert = key;
        }
        if (role == Role.SERVER && key == null) {
            throw new StackSyntaxException(w + ": a server needs key=<private key file>", -1);
        }
        if (cert != null && key == null) {
            throw new StackSyntaxException(w + ": cert= given without key=", -1);
        }
        boolean clientauth = o.bool(w, "clientauth", false);
        Duration timeout = o.time(w, "con-timeout", DEFAULT_CON_TIMEOUT, 's');
        if (timeout.isZero() || timeout.isNegative()) {
            throw new StackSyntaxException(w + ": con-timeout must be positive", -1);
        }
        return new SslOptions(role, nonEmpty(w, o, "ca"), key, cert, clientauth, o.bool(w, "allow-authfail", false),
                timeout, o.integer(w, "readbuf", 16384, 512, 1 << 24), o.integer(w, "writebuf", 16384, 512, 16384));
    }

    private static String nonEmpty(String w, Options o, String key) throws StackSyntaxException {
        if (!o.has(key)) {
            return null;
        }
        String v = o.string(key, null);
        if (v == null || v.isEmpty()) {
            throw new StackSyntaxException(w + ": option " + key + " needs a file name", -1);
        }
        return v;
    }
}
