package org.jgtlssh.jgensiot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EscapeMachineTest {
    private static final int ESC = 0x1c;

    /** Feeds each chunk in turn ('|' separates chunks, '^' stands for the escape char); returns what is sent. */
    private static String feed(EscapeMachine m, String chunks) {
        StringBuilder sent = new StringBuilder();
        for (String c : chunks.split("\\|", -1)) {
            byte[] in = c.replace('^', (char) ESC).getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[in.length * 2];
            int n = m.filter(in, 0, in.length, out);
            sent.append(new String(out, 0, n, StandardCharsets.ISO_8859_1).replace((char) ESC, '^'));
        }
        return sent.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "abc;          abc;   false",
        "ab^q;         ab;    true",
        "ab^|q;        ab;    true",   // escape split across two reads
        "a^^b;         a^b;   false",  // typed twice: one escape is sent
        "a^xb;         a^xb;  false",  // escape + other: nothing lost
        "^qrest;       '';    true",   // after quit nothing more is sent
        "^Q;           '';    true",
    })
    void table(String input, String sent, boolean quit) {
        EscapeMachine m = new EscapeMachine(ESC);
        assertEquals(sent, feed(m, input));
        assertEquals(quit, m.quit());
    }

    @Test
    void disabledPassesEverything() {
        EscapeMachine m = new EscapeMachine(-1);
        assertEquals("a^q", feed(m, "a^q"));
        assertFalse(m.quit());
    }

    @Test
    void parsesGensiotEscapeArguments() {
        assertEquals(0x1c, EscapeMachine.parse("^\\"));
        assertEquals(0x1d, EscapeMachine.parse("^]"));
        assertEquals(-1, EscapeMachine.parse("-1"));
        assertEquals(28, EscapeMachine.parse("28"));
        assertEquals(0x1c, EscapeMachine.parse("0x1c"));
        assertEquals('~', EscapeMachine.parse("~"));
        assertThrows(IllegalArgumentException.class, () -> EscapeMachine.parse("256"));
        assertThrows(IllegalArgumentException.class, () -> EscapeMachine.parse("^1"));
        assertTrue(EscapeMachine.parse("^?") == 0x7f);
    }
}
