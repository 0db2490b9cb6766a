package org.jgtlssh.server;

import java.util.Objects;

/**
 * A local account as the passwd database describes it: who a session runs as.
 *
 * @param shell the login shell; {@code /bin/sh} when the database leaves it empty (as gensio does)
 */
public record UserAccount(String name, int uid, int gid, String home, String shell) {
    public UserAccount {
        Objects.requireNonNull(name);
        Objects.requireNonNull(home);
        shell = shell == null || shell.isEmpty() ? "/bin/sh" : shell;
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /**
     * True for names that can be a login name here: letters, digits, {@code _ . -} (not first), an optional
     * trailing {@code $}, at most 32 characters. Anything else is refused before any lookup, so a name
     * never becomes an odd path or an option.
     */
    public static boolean isValidName(String n) {
        if (n == null || n.isEmpty() || n.length() > 32) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            boolean inner = i > 0 && (c == '.' || c == '-');
            boolean dollar = i == n.length() - 1 && i > 0 && c == '$';
            if (!alnum && !inner && !dollar) {
                return false;
            }
        }
        return true;
    }
}
