package org.jgtlssh.keys;

/**
 * Validation of names that become file names under {@code ~/.gtlssh} or a key directory: a host name
 * typed by a user ({@code keycerts/<host>,<port>.key}), a port, an {@code addallow} name, a server key
 * name. gtlssh-keygen pastes them into paths unchecked, so {@code keygen ../../.bashrc} writes outside
 * its directory; we refuse such names.
 *
 * <p>Rules: 1 to {@value #MAX_LENGTH} characters; no {@code /}, {@code \} or NUL; not {@code .} or
 * {@code ..}, and no {@code ..} anywhere (no component that could climb); no leading {@code -} (it would
 * read as an option when passed on to another program); no control characters (C0, DEL, C1) and no
 * whitespace, which would garble listings and terminals.
 */
public final class SafeNames {
    /** Leaves room for {@code ,<port>.crt.1} inside the usual 255-byte file-name limit. */
    public static final int MAX_LENGTH = 200;

    private SafeNames() {}

    /**
     * Returns {@code name} if it is safe as (part of) a file name.
     *
     * @param what what the name is, for the message ("host name", "name")
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String check(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_LENGTH + " characters");
        }
        if (name.contains("..")) {
            throw new IllegalArgumentException("invalid " + what + " '" + printable(name) + "': it contains '..'");
        }
        if (name.equals(".")) {
            throw new IllegalArgumentException("invalid " + what + " '.'");
        }
        if (name.startsWith("-")) {
            throw new IllegalArgumentException("invalid " + what + " '" + printable(name) + "': it starts with '-'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException("invalid " + what + " '" + printable(name) + "': it contains '" + c + "'");
            }
            if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isWhitespace(c)) {
                throw new IllegalArgumentException(
                        "invalid " + what + " '" + printable(name) + "': it contains a control or space character");
            }
        }
        return name;
    }

    /** A TCP port given as text: 1..65535, digits only. */
    public static int port(String text) {
        if (text == null || text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port '" + printable(String.valueOf(text)) + "'");
        }
        int p = Integer.parseInt(text);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("invalid port " + p);
        }
        return p;
    }

    /** {@code s} with control characters shown as {@code ?}, safe to print in an error message. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_LENGTH + 3));
        for (int i = 0; i < s.length() && i < MAX_LENGTH; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
        }
        if (s.length() > MAX_LENGTH) {
            sb.append("...");
        }
        return sb.toString();
    }
}
