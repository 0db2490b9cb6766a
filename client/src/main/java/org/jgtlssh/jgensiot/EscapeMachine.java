package org.jgtlssh.jgensiot;

/**
 * The local escape character of an interactive session, as a pure byte-in/bytes-out machine:
 *
 * <pre>
 *   NORMAL  --esc-->  ESCAPED
 *   ESCAPED --'q'-->  quit
 *   ESCAPED --esc-->  NORMAL, sends one esc         (typing it twice sends it)
 *   ESCAPED --other-> NORMAL, sends esc and other   (nothing typed is lost)
 * </pre>
 *
 * The state survives across calls, so an escape split over two reads still works.
 */
final class EscapeMachine {
    private final int esc; // -1: disabled
    private boolean escaped;
    private boolean quit;

    EscapeMachine(int esc) {
        this.esc = esc;
    }

    /**
     * Filters {@code len} input bytes into {@code out} (which must hold {@code 2 * len} bytes) and
     * returns how many bytes to send. After a quit, the rest of the input is dropped.
     */
    int filter(byte[] in, int off, int len, byte[] out) {
        if (esc < 0) {
            System.arraycopy(in, off, out, 0, len);
            return len;
        }
        int n = 0;
        for (int i = off; i < off + len && !quit; i++) {
            int c = in[i] & 0xff;
            if (escaped) {
                escaped = false;
                if (c == 'q' || c == 'Q') {
                    quit = true;
                } else if (c == esc) {
                    out[n++] = (byte) esc;
                } else {
                    out[n++] = (byte) esc;
                    out[n++] = (byte) c;
                }
            } else if (c == esc) {
                escaped = true;
            } else {
                out[n++] = (byte) c;
            }
        }
        return n;
    }

    boolean quit() {
        return quit;
    }

    /** gensiot's -e argument: a number (-1 disables), {@code ^X} for a control character, or one character. */
    static int parse(String s) {
        if (s.length() == 2 && s.charAt(0) == '^') {
            char c = Character.toUpperCase(s.charAt(1));
            if (c == '?') {
                return 0x7f;
            }
            if (c >= '@' && c <= '_') {
                return c - '@';
            }
            throw new IllegalArgumentException("not a control character: " + s);
        }
        try {
            int v = Integer.decode(s);
            if (v < -1 || v > 255) {
                throw new IllegalArgumentException("escape character out of range: " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            if (s.length() == 1) {
                return s.charAt(0);
            }
            throw new IllegalArgumentException("not an escape character: " + s);
        }
    }
}
