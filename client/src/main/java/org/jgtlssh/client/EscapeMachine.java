package org.jgtlssh.client;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The escape-character machine of an interactive session: keyboard bytes in, actions out. Pure (no
 * I/O, no terminal), so every sequence is table-tested.
 *
 * <pre>
 *   state NORMAL:  escape char        -> AFTER_ESCAPE (nothing sent)
 *                  any other byte     -> sent to the remote
 *   state AFTER_ESCAPE (the next key is consumed):
 *                  escape char        -> one escape char sent          (gtlssh)
 *                  'q' 'Q' '.'        -> QUIT                          (gtlssh; '.' as ssh users type it)
 *                  'b' 'B'            -> BREAK                         (gtlssh)
 *                  '?'                -> HELP                          (ours)
 *                  anything else      -> dropped                       (gtlssh)
 * </pre>
 *
 * A disabled machine ({@link #DISABLED}, {@code -e -1}) passes every byte through. The escape is
 * recognised anywhere in the stream, as gtlssh does (not only after a newline as in ssh), because
 * gtlssh users expect {@code ^\ q} to work at any time.
 */
public final class EscapeMachine {
    /** gtlssh's default escape character, {@code ^\}. */
    public static final int DEFAULT_ESCAPE = 0x1c;
    /** The value that turns escapes off. */
    public static final int DISABLED = -1;

    /** What the session should do. */
    public sealed interface Action permits Send, Quit, Break, Help {}

    /** Send these bytes to the remote, in order. */
    public record Send(byte[] data) implements Action {
        @Override
        public boolean equals(Object o) {
            return o instanceof Send s && java.util.Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Send" + java.util.Arrays.toString(data);
        }
    }

    /** Close the connection and exit (status 0, like gtlssh). */
    public record Quit() implements Action {}

    /** Send a break to the network side. */
    public record Break() implements Action {}

    /** Show the escape help locally. */
    public record Help() implements Action {}

    private final int escape;
    private boolean afterEscape;

    /** @param escape the escape byte 0..255, or {@link #DISABLED} */
    public EscapeMachine(int escape) {
        if (escape != DISABLED && (escape < 0 || escape > 255)) {
            throw new IllegalArgumentException("escape character out of range: " + escape);
        }
        this.escape = escape;
    }

    public int escape() {
        return escape;
    }

    /** True while the previous byte was the escape character and the next key is awaited. */
    public boolean pending() {
        return afterEscape;
    }

    /**
     * Feeds keyboard bytes; returns the actions in order. Consecutive data is merged into one {@link
     * Send}. Bytes after a {@link Quit} are dropped (they were typed to a session that is ending).
     */
    public List<Action> feed(byte[] buf, int off, int len) {
        List<Action> out = new ArrayList<>(2);
        if (escape == DISABLED) {
            if (len > 0) {
                out.add(new Send(java.util.Arrays.copyOfRange(buf, off, off + len)));
            }
            return out;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream(len);
        for (int i = off; i < off + len; i++) {
            int b = buf[i] & 0xff;
            if (!afterEscape) {
                if (b == escape) {
                    afterEscape = true;
                } else {
                    data.write(b);
                }
                continue;
            }
            afterEscape = false;
            Action a = command(b);
            if (a == null) {
                if (b == escape) {
                    data.write(b);
                }
                continue;
            }
            flush(data, out);
            out.add(a);
            if (a instanceof Quit) {
                return out;
            }
        }
        flush(data, out);
        return out;
    }

    public List<Action> feed(byte[] buf) {
        return feed(buf, 0, buf.length);
    }

    private Action command(int b) {
        if (b == escape) {
            return null; // literal, handled by the caller
        }
        return switch (b) {
            case 'q', 'Q', '.' -> new Quit();
            case 'b', 'B' -> new Break();
            case '?' -> new Help();
            default -> null;
        };
    }

    private static void flush(ByteArrayOutputStream data, List<Action> out) {
        if (data.size() > 0) {
            out.add(new Send(data.toByteArray()));
            data.reset();
        }
    }

    /** The text shown for {@link Help}, naming the escape as the user types it. */
    public String helpText() {
        String e = describe(escape);
        return "Supported escape sequences:\r\n"
                + "  " + e + " q  quit (also " + e + " .)\r\n"
                + "  " + e + " b  send a break\r\n"
                + "  " + e + " " + e + " send " + e + " itself\r\n"
                + "  " + e + " ?  this help\r\n";
    }

    /** {@code ^\} for control characters, the character itself otherwise. */
    public static String describe(int c) {
        if (c == DISABLED) {
            return "none";
        }
        if (c < 0x20) {
            return "^" + (char) (c + 0x40);
        }
        if (c == 0x7f) {
            return "^?";
        }
        if (c < 0x7f) {
            return String.valueOf((char) c);
        }
        return String.format("\\%03o", c);
    }

    /**
     * Parses {@code -e}: {@code -1} or {@code none} (off), {@code ^X} (control X, {@code ^?} is DEL), a
     * number in C syntax ({@code 28}, {@code 0x1c}, {@code 034}), or a single character.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static int parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty escape character");
        }
        if (s.equals("-1") || s.toLowerCase(Locale.ROOT).equals("none")) {
            return DISABLED;
        }
        if (s.length() == 2 && s.charAt(0) == '^') {
            char c = s.charAt(1);
            if (c == '?') {
                return 0x7f;
            }
            char u = Character.toUpperCase(c);
            if (u >= '@' && u <= '_') {
                return u - '@';
            }
            throw new IllegalArgumentException("invalid control character '" + s + "'");
        }
        if (s.length() == 1 && !Character.isDigit(s.charAt(0))) {
            char c = s.charAt(0);
            if (c > 0x7f) {
                throw new IllegalArgumentException("escape character must be ASCII: '" + s + "'");
            }
            return c;
        }
        try {
            int v;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Integer.parseInt(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = Integer.parseInt(s.substring(1), 8);
            } else {
                v = Integer.parseInt(s);
            }
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("escape character out of range 0..255: " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid escape character '" + s + "' (use ^X, a number or -1)");
        }
    }
}
