package org.jgtlssh.gensio.stack;

/** gensio's quoting: a token that contains separators, quotes or backslashes goes in double quotes. */
public final class Quoting {
    private Quoting() {}

    public static boolean needsQuotes(String s) {
        if (s.isEmpty()) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || c == '\t' || c == '(' || c == ')' || c == '"' || c == '\''
                    || c == '\\' || c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Wraps in double quotes with {@code \} and {@code "} escaped, control characters as octal escapes. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append('\\').append(String.format("%03o", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    public static String quoteIfNeeded(String s) {
        return needsQuotes(s) ? quote(s) : s;
    }
}
