package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalSafeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain ascii stays                | CN=vm, O=gensio, OU=client   | CN=vm, O=gensio, OU=client
            window title (OSC ... BEL)       | a\\e]0;pwned\\ab               | ab
            window title (OSC ... ST)        | a\\e]2;pwned\\e\\\\b           | ab
            clear screen (CSI)               | x\\e[2J\\e[Hy                  | xy
            colour with params               | \\e[1;31mred\\e[0m             | red
            DCS string                       | a\\ePq#0;2;0;0;0\\e\\\\b        | ab
            8-bit CSI                        | a\\u009b2Jb                    | ab
            8-bit OSC up to BEL              | a\\u009d0;t\\ab                 | ab
            charset switch ESC ( 0           | a\\e(0b                        | ab
            keypad mode ESC =                | a\\e=b                         | ab
            bell becomes ?                   | a\\ab                          | a?b
            backspace becomes ?              | abc\\b\\bxy                    | abc??xy
            lone CR becomes ?                | good\\rbad                     | good?bad
            CR LF becomes LF                 | one\\r\\ntwo                   | one\\ntwo
            DEL becomes ?                    | a\\u007fb                      | a?b
            bidi override becomes ?          | a\\u202eb                      | a?b
            unicode letters stay             | Grüße, 東京                     | Grüße, 東京
            unterminated OSC eats the rest   | a\\e]0;never ends              | a
            escape at the end is dropped     | a\\e                           | a
            """)
    void strips(String name, String input, String expected) {
        assertEquals(unescape(expected), TerminalSafe.strip(unescape(input)));
    }

    @org.junit.jupiter.api.Test
    void malformedUtf8BecomesReplacement() {
        byte[] b = {'a', (byte) 0xff, (byte) 0x9b, '2', 'J', 'b'};
        // 0x9b as a raw byte is not UTF-8, so it becomes U+FFFD and cannot act as a C1 CSI
        assertEquals("a\ufffd\ufffd2Jb", TerminalSafe.strip(b));
        assertEquals("x", TerminalSafe.strip("\u001b[31mx".getBytes(StandardCharsets.UTF_8)));
    }

    @org.junit.jupiter.api.Test
    void oneLineFlattensNewlines() {
        assertEquals("a b c", TerminalSafe.oneLine("a\nb\tc"));
    }

    /** Test-table escapes: \e ESC, \a BEL, \b BS, \r, \n, \\u0000 (the CSV needs the double backslash). */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'e' -> b.append('\u001b');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                case '\\' -> b.append('\\');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append('\\').append(n);
            }
        }
        return b.toString();
    }
}
