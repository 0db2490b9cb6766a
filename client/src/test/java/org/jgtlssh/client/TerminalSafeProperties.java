package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a peer sends, the stripped text cannot drive the terminal. */
class TerminalSafeProperties {

    /** Strings rich in the dangerous characters: ESC, C1, brackets, BEL, bidi, plus ordinary text. */
    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<Character> dangerous = Arbitraries.of('\u001b', '\u009b', '\u009d', '\u0090', '\u009c', '\u0007',
                '[', ']', '\\', 'P', '_', '^', ';', '0', '2', 'J', 'm', '\r', '\n', '\t', '\u007f', '\u202e', '\u2066',
                '\b', '\u0000', 'a', 'Z', 'ü');
        Arbitrary<Character> any = Arbitraries.chars().all();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, dangerous), net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(200)
                .map(l -> {
                    StringBuilder sb = new StringBuilder();
                    l.forEach(sb::append);
                    return sb.toString();
                });
    }

    @Property(tries = 3000)
    void outputHasNoControlCharacters(@ForAll("hostile") String s) {
        String out = TerminalSafe.strip(s);
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            assertTrue(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f) || c > 0x9f, () -> "control in " + out);
            assertTrue(!(c >= 0x202a && c <= 0x202e) && !(c >= 0x2066 && c <= 0x2069), "bidi in output");
        }
    }

    @Property(tries = 2000)
    void neverLongerThanInput(@ForAll("hostile") String s) {
        assertTrue(TerminalSafe.strip(s).length() <= s.length());
    }

    @Property(tries = 2000)
    void idempotent(@ForAll("hostile") String s) {
        String once = TerminalSafe.strip(s);
        assertEquals(once, TerminalSafe.strip(once));
    }

    @Property(tries = 1000)
    void printableTextIsUntouched(@ForAll("printable") String s) {
        assertEquals(s, TerminalSafe.strip(s));
    }

    @Provide
    Arbitrary<String> printable() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t', 'é', '語').ofMaxLength(100);
    }

    @Property(tries = 1000)
    void bytesNeverThrowAndAreClean(@ForAll byte[] b) {
        String out = TerminalSafe.strip(b);
        assertEquals(out, TerminalSafe.strip(out));
    }
}
