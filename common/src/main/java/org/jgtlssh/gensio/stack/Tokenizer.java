package org.jgtlssh.gensio.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * gensio's token rules: separators (a set given by the caller), {@code '...'} and {@code "..."} quoting
 * that may start mid-token and is removed, and backslash escapes inside and outside quotes
 * ({@code \a \b \f \n \r \t \v \\ \" \' \,}, octal {@code \ooo}, hex {@code \xhh}; any other character
 * stands for itself).
 *
 * <p>Unlike gensio 2.6.2, hex escapes with letters decode correctly ({@code \x4a} is {@code J}, where
 * gensio gives {@code @}); gtlssh never writes hex escapes, so interop is unaffected.
 */
public final class Tokenizer {
    /** Separators inside an option list: comma and white space. */
    public static final String OPTION_SEPARATORS = ", \t\r\n\u000b\f";
    /** Separators of program words: white space only. */
    public static final String WORD_SEPARATORS = " \t\r\n\u000b\f";

    private final String s;
    private final int base;
    private final String separators;
    private final boolean stopAtParen;
    private int pos;

    /**
     * @param base the position of {@code s} in the whole stack string, for error messages
     * @param stopAtParen stop at an unquoted {@code )} (option lists)
     */
    public Tokenizer(String s, int start, int base, String separators, boolean stopAtParen) {
        this.s = s;
        this.pos = start;
        this.base = base;
        this.separators = separators;
        this.stopAtParen = stopAtParen;
    }

    /** Splits a whole string into words (program command lines, serial parameters). */
    public static List<String> words(String s, String separators) throws StackSyntaxException {
        Tokenizer t = new Tokenizer(s, 0, 0, separators, false);
        List<String> out = new ArrayList<>();
        String w;
        while ((w = t.next()) != null) {
            out.add(w);
        }
        return out;
    }

    /** The position just after the last character consumed. */
    public int position() {
        return pos;
    }

    /** True if the tokenizer stopped at an unquoted {@code )}. */
    public boolean atCloseParen() {
        return pos < s.length() && s.charAt(pos) == ')';
    }

    /** The next token, or null at the end (or at an unquoted {@code )} when stopping there). */
    public String next() throws StackSyntaxException {
        while (pos < s.length() && separators.indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos >= s.length() || (stopAtParen && s.charAt(pos) == ')')) {
            return null;
        }
        StringBuilder tok = new StringBuilder();
        char quote = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (quote == 0) {
                if (separators.indexOf(c) >= 0 || (stopAtParen && c == ')')) {
                    break;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                    pos++;
                    continue;
                }
            } else if (c == quote) {
                quote = 0;
                pos++;
                continue;
            }
            if (c == '\\') {
                pos = escape(tok, pos + 1);
                continue;
            }
            tok.append(c);
            pos++;
        }
        if (quote != 0) {
            throw new StackSyntaxException("unterminated " + quote + " quote", base + s.length());
        }
        return tok.toString();
    }

    private int escape(StringBuilder tok, int p) throws StackSyntaxException {
        if (p >= s.length()) {
            throw new StackSyntaxException("lone backslash at the end", base + p - 1);
        }
        char c = s.charAt(p);
        switch (c) {
            case 'a' -> tok.append('\u0007');
            case 'b' -> tok.append('\b');
            case 'f' -> tok.append('\f');
            case 'n' -> tok.append('\n');
            case 'r' -> tok.append('\r');
            case 't' -> tok.append('\t');
            case 'v' -> tok.append('\u000b');
            case 'x' -> {
                int v = 0;
                int n = 0;
                while (n < 2 && p + 1 + n < s.length() && Character.digit(s.charAt(p + 1 + n), 16) >= 0) {
                    v = v * 16 + Character.digit(s.charAt(p + 1 + n), 16);
                    n++;
                }
                if (n == 0) {
                    tok.append('x');
                } else {
                    tok.append((char) v);
                }
                return p + 1 + n;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int v = 0;
                    int n = 0;
                    while (n < 3 && p + n < s.length() && s.charAt(p + n) >= '0' && s.charAt(p + n) <= '7') {
                        v = v * 8 + (s.charAt(p + n) - '0');
                        n++;
                    }
                    tok.append((char) (v & 0xff));
                    return p + n;
                }
                tok.append(c);
            }
        }
        return p + 1;
    }
}
