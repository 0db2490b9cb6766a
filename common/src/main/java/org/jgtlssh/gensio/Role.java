package org.jgtlssh.gensio;

import java.util.Locale;

/** Which end of a protocol a filter plays. Defaults by connector/accepter; {@code mode=} overrides. */
public enum Role {
    CLIENT,
    SERVER;

    public static Role parse(String where, String value) throws org.jgtlssh.gensio.stack.StackSyntaxException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "client" -> CLIENT;
            case "server" -> SERVER;
            default -> throw new org.jgtlssh.gensio.stack.StackSyntaxException(
                    where + ": mode must be client or server, not '" + value + "'", -1);
        };
    }
}
