package org.jgtlssh.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes text that came from the peer (certificate subjects, error texts, prompts) harmless to print on
 * the local terminal. A malicious server could otherwise retitle the window, remap keys, move the
 * cursor over a warning, hide text, or (on some terminals) make the terminal answer with input of its
 * own.
 *
 * <p>Rules, in order:
 * <ul>
 *   <li>bytes are decoded as UTF-8; malformed input becomes U+FFFD;
 *   <li>escape sequences are removed whole: ESC [ ... final (CSI), ESC ] / P / X / ^ / _ ... up to BEL
 *       or ST (OSC, DCS, SOS, PM, APC), ESC followed by intermediates and a final byte; the same for
 *       the 8-bit C1 introducers U+009B (CSI), U+009D (OSC), U+0090 (DCS), U+0098, U+009E, U+009F;
 *   <li>every other C0 control, DEL and C1 control becomes {@code ?}, except newline and tab (and CR
 *       only as part of CR LF, which is kept as LF);
 *   <li>Unicode bidi overrides and isolates (U+202A..U+202E, U+2066..U+2069) and the line/paragraph
 *       separators become {@code ?}, so a reversed string cannot disguise a file name or fingerprint.
 * </ul>
 * The output is bounded by the input size: no rule inserts more than it removes.
 */
public final class TerminalSafe {
    private static final int ESC = 0x1b;

    private TerminalSafe() {}

    /** Decodes {@code bytes} as UTF-8 (lenient) and strips them. */
    public static String strip(byte[] bytes) {
        return strip(bytes, 0, bytes.length);
    }

    public static String strip(byte[] bytes, int off, int len) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer cb = d.decode(ByteBuffer.wrap(bytes, off, len));
            return strip(cb.toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    /** Strips a string (null gives the empty string). */
    public static String strip(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ESC) {
                i = skipEscape(s, i + 1);
                continue;
            }
            if (c == 0x9b) {
                i = skipCsi(s, i + 1);
                continue;
            }
            if (c == 0x9d || c == 0x90 || c == 0x98 || c == 0x9e || c == 0x9f) {
                i = skipString(s, i + 1);
                continue;
            }
            if (c == '\r') {
                if (i + 1 < n && s.charAt(i + 1) == '\n') {
                    i++; // CR LF -> LF
                    continue;
                }
                out.append('?');
                i++;
                continue;
            }
            if (c == '\n' || c == '\t') {
                out.append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || isBidiOrSeparator(c)) {
                out.append('?');
            } else {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** Like {@link #strip(String)} and also turns newlines and tabs into spaces: for one-line fields. */
    public static String oneLine(String s) {
        return strip(s).replace('\n', ' ').replace('\t', ' ');
    }

    private static boolean isBidiOrSeparator(char c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }

    /** After ESC at i-1: returns the index just past the whole sequence. */
    private static int skipEscape(String s, int i) {
        int n = s.length();
        if (i >= n) {
            return n;
        }
        char c = s.charAt(i);
        switch (c) {
            case '[':
                return skipCsi(s, i + 1);
            case ']', 'P', 'X', '^', '_':
                return skipString(s, i + 1);
            default:
                break;
        }
        // nF sequences: intermediates 0x20..0x2F, then one final byte 0x30..0x7E.
        while (i < n && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x2f) {
            i++;
        }
        if (i < n && s.charAt(i) >= 0x30 && s.charAt(i) <= 0x7e) {
            i++;
        }
        return i;
    }

    /** CSI: parameters 0x30..0x3F, intermediates 0x20..0x2F, one final byte 0x40..0x7E. */
    private static int skipCsi(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i++);
            if (c >= 0x40 && c <= 0x7e) {
                return i;
            }
            if (c < 0x20 || c > 0x3f) {
                // not a valid CSI body: the sequence ends here; the byte is dropped too (it may be ESC)
                return c == ESC ? i - 1 : i;
            }
        }
        return n;
    }

    /** A control string (OSC, DCS...): up to BEL, ESC \ or the C1 ST (U+009C); all of it removed. */
    private static int skipString(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i++);
            if (c == 0x07 || c == 0x9c) {
                return i;
            }
            if (c == ESC) {
                if (i < n && s.charAt(i) == '\\') {
                    return i + 1;
                }
                return i - 1; // a new escape sequence begins; let the main loop handle it
            }
        }
        return n;
    }
}
