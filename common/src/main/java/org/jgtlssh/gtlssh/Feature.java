package org.jgtlssh.gtlssh;

import java.util.Optional;

/**
 * One protocol extension that both ends must agree on before it is used. The token is what travels on
 * the wire (in the client's offer and in the server's acceptance); unknown tokens are ignored by both
 * sides, so a newer peer can offer more than an older one understands.
 */
public enum Feature {
    /** The server reports the remote program's exit status (or killing signal) before closing. */
    EXIT_STATUS("exit"),
    /** The client may end its input with an end-of-input message; the program sees EOF, output continues. */
    HALF_CLOSE("eof"),
    /** The server sends the program's stderr in its own messages instead of merging it into stdout. */
    STDERR("stderr"),
    /** The client's extra environment (LANG, LC_*, ...) is applied, within the server's allow list. */
    ENVIRONMENT("env"),
    /** Either side may send keepalive pings; the peer answers each one. */
    KEEPALIVE("keepalive");

    private final String token;

    Feature(String token) {
        this.token = token;
    }

    /** The name on the wire. */
    public String token() {
        return token;
    }

    /** The feature named by {@code token}, or empty for a token this version does not know. */
    public static Optional<Feature> ofToken(String token) {
        for (Feature f : values()) {
            if (f.token.equals(token)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
