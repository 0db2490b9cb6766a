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
 *                  serial keys (gtlssh's, case-insensitive like its others):
 *                  'n' 'o' 'e'        -> SERIAL parity none/odd/even
 *                  '5' '6' '7' '8'    -> SERIAL data bits
 *                  '1' '2'            -> SERIAL stop bits
 *                  'x' 'r' 'f'        -> SERIAL flow control xon/xoff, rts/cts, none
 *                  'd'                -> SERIAL dump the settings
 *                  's'                -> ECHO "<", state BAUD
 *                  anything else      -> dropped                       (gtlssh)
 *   state BAUD (the speed is typed, echoed locally, never sent):
 *                  digits etc.        -> ECHO the key (at most 10 kept)
 *                  BS / DEL           -> ECHO " ", one key removed
 *                  CR / LF            -> ECHO ">", SERIAL baud (a C number: 9600, 0x2580, 022600),
 *                                        or ECHO of why the text is no speed; state NORMAL
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
    public sealed interface Action permits Send, Quit, Break, Help, Serial, Echo {}

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

    /** What a serial key asks for. */
    public enum SerialKey { BAUD, PARITY, DATA_BITS, STOP_BITS, FLOW, DUMP }

    /**
     * Change (or dump) the far end's serial settings: {@code value} is the speed, the parity letter
     * ({@code N O E}), the data or stop bits, the flow letter ({@code x r f}), or 0 for DUMP.
     */
    public record Serial(SerialKey key, int value) implements Action {}

    /** Show this text locally (the echo of a speed being typed); nothing goes to the remote. */
    public record Echo(String text) implements Action {}

    /** gtlssh keeps at most this many characters of a typed speed. */
    static final int MAX_BAUD_CHARS = 10;

    private final int escape;
    private boolean afterEscape;
    private StringBuilder baud; // non-null while a speed is being typed

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

    /** True while the previous byte was the escape character, or a speed is being typed. */
    public boolean pending() {
        return afterEscape || baud != null;
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
            if (baud != null) {
                Action a = baudKey(b);
                if (a != null) {
                    flush(data, out);
                    out.add(a);
                    if (baud == null) {
                        Action set = baudDone(typedBaud);
                        if (set != null) {
                            out.add(set);
                        }
                    }
                }
                continue;
            }
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
        return switch (Character.toLowerCase((char) b)) {
            case 'q', '.' -> new Quit();
            case 'b' -> new Break();
            case '?' -> new Help();
            case 'n' -> new Serial(SerialKey.PARITY, 'N');
            case 'o' -> new Serial(SerialKey.PARITY, 'O');
            case 'e' -> new Serial(SerialKey.PARITY, 'E');
            case '5', '6', '7', '8' -> new Serial(SerialKey.DATA_BITS, b - '0');
            case '1', '2' -> new Serial(SerialKey.STOP_BITS, b - '0');
            case 'x', 'r', 'f' -> new Serial(SerialKey.FLOW, Character.toLowerCase((char) b));
            case 'd' -> new Serial(SerialKey.DUMP, 0);
            case 's' -> {
                baud = new StringBuilder();
                yield new Echo("<");
            }
            default -> null;
        };
    }

    private String typedBaud;

    /** One key while a speed is typed: the echo to show, or null. Clears {@code baud} at Enter. */
    private Action baudKey(int b) {
        if (b == '\r' || b == '\n') {
            typedBaud = baud.toString();
            baud = null;
            return new Echo(">");
        }
        if (b == '\b' || b == 0x7f) {
            if (baud.isEmpty()) {
                return null;
            }
            baud.setLength(baud.length() - 1);
            return new Echo("\b \b");
        }
        if (b < 0x20 || b >= 0x7f) {
            return null; // a control key in the middle of a number: ignored, never echoed raw
        }
        if (baud.length() < MAX_BAUD_CHARS) {
            baud.append((char) b);
        }
        return new Echo(String.valueOf((char) b));
    }

    /** The action for a typed speed: a BAUD change, an explanation, or nothing for an empty line. */
    private static Action baudDone(String typed) {
        if (typed.isEmpty()) {
            return null;
        }
        long v = parseCNumber(typed);
        if (v <= 0 || v > 100_000_000) {
            return new Echo(" [not a speed: " + typed + "]\r\n");
        }
        return new Serial(SerialKey.BAUD, (int) v);
    }

    /** A whole C integer literal (decimal, 0x hex, 0 octal), or -1. */
    static long parseCNumber(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return s.length() > 2 && s.length() <= 10 ? Long.parseLong(s.substring(2), 16) : -1;
            }
            if (s.length() > 1 && s.startsWith("0")) {
                return Long.parseLong(s.substring(1), 8);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
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
                + "  serial far end (-r, RFC 2217):\r\n"
                + "  " + e + " s  set the speed: type it, then Enter\r\n"
                + "  " + e + " n / o / e  parity none / odd / even\r\n"
                + "  " + e + " 5..8  data bits    " + e + " 1 / 2  stop bits\r\n"
                + "  " + e + " x / r / f  flow control xon/xoff / rts/cts / none\r\n"
                + "  " + e + " d  show the serial settings\r\n"
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
