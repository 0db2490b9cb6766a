package org.jgtlssh.gensio.certauth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.Options;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * certauth's options (spec/certauth.md section 10), parsed once. Options that gensio allows on one side
 * only are refused on the other, as gensio refuses them.
 *
 * @param channelBinding client: sign over the TLS exporter when the server offers it (ours; always on
 *     in stack strings, off only in tests that show what it prevents)
 * @param requireChannelBinding server (ours): refuse certificate logins that are not channel-bound
 */
public record CertauthOptions(Role role, String cert, String key, String username, byte[] service, byte[] password,
        byte[] secondFactor, boolean enablePassword, boolean enable2fa, String ca, boolean allowAuthfail,
        boolean useChildAuth, boolean allowUnencrypted, Duration timeout, boolean channelBinding,
        boolean requireChannelBinding) {

    static final Set<String> KEYS = Set.of("mode", "cert", "key", "username", "service", "password", "2fa",
            "enable-password", "enable-2fa", "ca", "allow-authfail", "use-child-auth", "allow-unencrypted",
            "con-timeout", "require-channel-binding");

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** gensio's PASSWORD_DATA field size; longer passwords are refused at configuration time. */
    public static final int PASSWORD_FIELD = 100;

    static CertauthOptions parse(LayerSpec spec, Role stackRole) throws StackSyntaxException {
        String w = spec.where();
        Options o = spec.options();
        o.checkKnown(w, KEYS);
        Role role = o.has("mode") ? Role.parse(w, o.string("mode", "")) : stackRole;
        boolean server = role == Role.SERVER;
        for (String k : server ? new String[] {"cert", "key", "username", "service", "password", "2fa", "allow-unencrypted"}
                : new String[] {"ca", "allow-authfail", "use-child-auth", "enable-2fa", "require-channel-binding"}) {
            if (o.has(k)) {
                throw new StackSyntaxException(w + ": option " + k + " is not valid for a certauth "
                        + (server ? "server" : "client"), -1);
            }
        }
        String cert = o.string("cert", null);
        String key = o.string("key", null);
        if (key == null) {
            key = cert;
        }
        if (cert == null && key != null) {
            throw new StackSyntaxException(w + ": key= given without cert=", -1);
        }
        byte[] password = bytes(o, "password");
        if (password != null && password.length > PASSWORD_FIELD) {
            throw new StackSyntaxException(w + ": password is longer than " + PASSWORD_FIELD + " bytes", -1);
        }
        byte[] twoFa = bytes(o, "2fa");
        if (twoFa != null && (twoFa.length == 0 || twoFa.length > CertauthMessage.MAX_ELEMENT)) {
            throw new StackSyntaxException(w + ": 2fa must be 1.." + CertauthMessage.MAX_ELEMENT + " bytes", -1);
        }
        byte[] service = bytes(o, "service");
        if (service != null && (service.length == 0 || service.length > CertauthMessage.MAX_ELEMENT)) {
            throw new StackSyntaxException(w + ": service must be 1.." + CertauthMessage.MAX_ELEMENT + " bytes", -1);
        }
        String username = o.string("username", null);
        if (username != null && (username.isEmpty()
                || username.getBytes(StandardCharsets.UTF_8).length > CertauthMessage.MAX_ELEMENT)) {
            throw new StackSyntaxException(w + ": username must be 1.." + CertauthMessage.MAX_ELEMENT + " bytes", -1);
        }
        Duration timeout = o.time(w, "con-timeout", DEFAULT_TIMEOUT, 's');
        if (timeout.isZero() || timeout.isNegative()) {
            throw new StackSyntaxException(w + ": con-timeout must be positive", -1);
        }
        return new CertauthOptions(role, cert, key, username, service, password, twoFa,
                o.bool(w, "enable-password", false), o.bool(w, "enable-2fa", false), o.string("ca", null),
                o.bool(w, "allow-authfail", false), o.bool(w, "use-child-auth", false),
                o.bool(w, "allow-unencrypted", false), timeout, true, o.bool(w, "require-channel-binding", false));
    }

    private static byte[] bytes(Options o, String key) {
        String v = o.string(key, null);
        return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
    }

    CertauthOptions withChannelBinding(boolean on) {
        return new CertauthOptions(role, cert, key, username, service, password, secondFactor, enablePassword,
                enable2fa, ca, allowAuthfail, useChildAuth, allowUnencrypted, timeout, on, requireChannelBinding);
    }

    CertauthOptions withTimeout(Duration t) {
        return new CertauthOptions(role, cert, key, username, service, password, secondFactor, enablePassword,
                enable2fa, ca, allowAuthfail, useChildAuth, allowUnencrypted, t, channelBinding, requireChannelBinding);
    }
}
