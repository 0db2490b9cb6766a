package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgtlssh.client.EscapeMachine.Action;
import org.jgtlssh.client.EscapeMachine.Break;
import org.jgtlssh.client.EscapeMachine.Help;
import org.jgtlssh.client.EscapeMachine.Quit;
import org.jgtlssh.client.EscapeMachine.Send;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EscapeMachineTest {
    private static final char E = 0x1c;

    private static Send send(String s) {
        return new Send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("plain text passes", "ls -l\r", List.of(send("ls -l\r"))),
                Arguments.of("escape then q quits", E + "q", List.of(new Quit())),
                Arguments.of("escape then Q quits", E + "Q", List.of(new Quit())),
                Arguments.of("escape then dot quits (ssh habit)", E + ".", List.of(new Quit())),
                Arguments.of("data before quit is sent first", "abc" + E + "q", List.of(send("abc"), new Quit())),
                Arguments.of("bytes after quit are dropped", "a" + E + "qxyz", List.of(send("a"), new Quit())),
                Arguments.of("escape twice sends one escape", "a" + E + E + "b", List.of(send("a" + E + "b"))),
                Arguments.of("escape then b is a break", "x" + E + "by",
                        List.of(send("x"), new Break(), send("y"))),
                Arguments.of("escape then ? is help", E + "?", List.of(new Help())),
                Arguments.of("unknown key after escape is dropped", "a" + E + "zb", List.of(send("ab"))),
                Arguments.of("escape at the end is pending, sends nothing", "ab" + E, List.of(send("ab"))),
                Arguments.of("four escapes send two", "" + E + E + E + E, List.of(send("" + E + E))),
                Arguments.of("ctrl-c passes (raw mode)", "\u0003", List.of(send("\u0003"))),
                Arguments.of("q without escape is data", "q.", List.of(send("q."))),
                Arguments.of("empty input, no action", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void table(String name, String input, List<Action> expected) {
        EscapeMachine m = new EscapeMachine(EscapeMachine.DEFAULT_ESCAPE);
        assertEquals(expected, m.feed(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void escapeSplitAcrossReadsStillWorks() {
        EscapeMachine m = new EscapeMachine(EscapeMachine.DEFAULT_ESCAPE);
        assertEquals(List.of(send("ab")), m.feed(("ab" + E).getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(m.pending());
        assertEquals(List.of(new Quit()), m.feed("q".getBytes(StandardCharsets.ISO_8859_1)));
        assertFalse(m.pending());
    }

    @Test
    void byteByByteGivesTheSameActionsAsOneRead() {
        String input = "hi" + E + E + "x" + E + "b" + E + "?" + E + "zend" + E + "q";
        EscapeMachine whole = new EscapeMachine(EscapeMachine.DEFAULT_ESCAPE);
        List<Action> a = whole.feed(input.getBytes(StandardCharsets.ISO_8859_1));
        EscapeMachine single = new EscapeMachine(EscapeMachine.DEFAULT_ESCAPE);
        List<Action> b = new ArrayList<>();
        for (byte x : input.getBytes(StandardCharsets.ISO_8859_1)) {
            b.addAll(single.feed(new byte[] {x}));
        }
        assertEquals(merge(a), merge(b));
    }

    private static List<Action> merge(List<Action> in) {
        List<Action> out = new ArrayList<>();
        for (Action x : in) {
            if (x instanceof Send s && !out.isEmpty() && out.getLast() instanceof Send p) {
                byte[] m = new byte[p.data().length + s.data().length];
                System.arraycopy(p.data(), 0, m, 0, p.data().length);
                System.arraycopy(s.data(), 0, m, p.data().length, s.data().length);
                out.set(out.size() - 1, new Send(m));
            } else {
                out.add(x);
            }
        }
        return out;
    }

    @Test
    void disabledPassesEverything() {
        EscapeMachine m = new EscapeMachine(EscapeMachine.DISABLED);
        assertEquals(List.of(send(E + "q" + E + E)), m.feed((E + "q" + E + E).getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void otherEscapeCharacter() {
        EscapeMachine m = new EscapeMachine('~');
        assertEquals(List.of(send("a" + E + "q"), new Quit()),
                m.feed(("a" + E + "q~.").getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void parsesGtlsshSyntax() {
        assertEquals(0x1c, EscapeMachine.parse("^\\"));
        assertEquals(0x1d, EscapeMachine.parse("^]"));
        assertEquals(1, EscapeMachine.parse("^a"));
        assertEquals(0x7f, EscapeMachine.parse("^?"));
        assertEquals(28, EscapeMachine.parse("28"));
        assertEquals(28, EscapeMachine.parse("0x1c"));
        assertEquals(28, EscapeMachine.parse("034"));
        assertEquals('~', EscapeMachine.parse("~"));
        assertEquals(EscapeMachine.DISABLED, EscapeMachine.parse("-1"));
        assertEquals(EscapeMachine.DISABLED, EscapeMachine.parse("none"));
        assertThrows(IllegalArgumentException.class, () -> EscapeMachine.parse("256"));
        assertThrows(IllegalArgumentException.class, () -> EscapeMachine.parse("^1"));
        assertThrows(IllegalArgumentException.class, () -> EscapeMachine.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> EscapeMachine.parse(""));
    }

    @Test
    void helpNamesTheEscape() {
        assertTrue(new EscapeMachine(0x1c).helpText().contains("^\\ q"));
        assertEquals("^]", EscapeMachine.describe(0x1d));
    }
}
