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

    private static EscapeMachine.Serial serial(EscapeMachine.SerialKey k, int v) {
        return new EscapeMachine.Serial(k, v);
    }

    private static EscapeMachine.Echo echo(String s) {
        return new EscapeMachine.Echo(s);
    }

    static Stream<Arguments> serialTable() {
        return Stream.of(
                Arguments.of("parity keys", E + "n" + E + "O" + E + "e",
                        List.of(serial(EscapeMachine.SerialKey.PARITY, 'N'), serial(EscapeMachine.SerialKey.PARITY, 'O'),
                                serial(EscapeMachine.SerialKey.PARITY, 'E'))),
                Arguments.of("data and stop bits", E + "7" + E + "8" + E + "5" + E + "2" + E + "1",
                        List.of(serial(EscapeMachine.SerialKey.DATA_BITS, 7), serial(EscapeMachine.SerialKey.DATA_BITS, 8),
                                serial(EscapeMachine.SerialKey.DATA_BITS, 5), serial(EscapeMachine.SerialKey.STOP_BITS, 2),
                                serial(EscapeMachine.SerialKey.STOP_BITS, 1))),
                Arguments.of("flow control", E + "x" + E + "r" + E + "F",
                        List.of(serial(EscapeMachine.SerialKey.FLOW, 'x'), serial(EscapeMachine.SerialKey.FLOW, 'r'),
                                serial(EscapeMachine.SerialKey.FLOW, 'f'))),
                Arguments.of("dump", "a" + E + "db", List.of(send("a"), serial(EscapeMachine.SerialKey.DUMP, 0), send("b"))),
                Arguments.of("speed typed, echoed, never sent", "a" + E + "s19200\rb",
                        List.of(send("a"), echo("<"), echo("1"), echo("9"), echo("2"), echo("0"), echo("0"), echo(">"),
                                serial(EscapeMachine.SerialKey.BAUD, 19200), send("b"))),
                Arguments.of("backspace and DEL edit the speed", E + "s96x\b\u007f00\n",
                        List.of(echo("<"), echo("9"), echo("6"), echo("x"), echo("\b \b"), echo("\b \b"),
                                echo("0"), echo("0"), echo(">"), serial(EscapeMachine.SerialKey.BAUD, 900))),
                Arguments.of("C hex and octal speeds", E + "s0x2580\r" + E + "s022600\r",
                        List.of(echo("<"), echo("0"), echo("x"), echo("2"), echo("5"), echo("8"), echo("0"), echo(">"),
                                serial(EscapeMachine.SerialKey.BAUD, 9600), echo("<"), echo("0"), echo("2"), echo("2"),
                                echo("6"), echo("0"), echo("0"), echo(">"), serial(EscapeMachine.SerialKey.BAUD, 9600))),
                Arguments.of("not a speed is said, not sent", E + "sab\r",
                        List.of(echo("<"), echo("a"), echo("b"), echo(">"), echo(" [not a speed: ab]\r\n"))),
                Arguments.of("an empty speed does nothing", E + "s\r", List.of(echo("<"), echo(">"))),
                Arguments.of("escape and q while typing a speed are echoed, not obeyed", E + "s" + E + "q\r",
                        List.of(echo("<"), echo("q"), echo(">"), echo(" [not a speed: q]\r\n"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serialTable")
    void serialKeys(String name, String input, List<Action> expected) {
        EscapeMachine m = new EscapeMachine(EscapeMachine.DEFAULT_ESCAPE);
        assertEquals(expected, m.feed(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aSpeedIsKeptToTenCharacters() {
        EscapeMachine m = new EscapeMachine(EscapeMachine.DEFAULT_ESCAPE);
        List<Action> a = m.feed((E + "s1234567890123\r").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(16, a.size()); // "<", 13 keys echoed, ">", the explanation
        assertEquals(echo(" [not a speed: 1234567890]\r\n"), a.getLast());
    }

    @Test
    void serialKeysWithoutAnRfc2217FarEndSaySo() {
        SerialKeys none = new SerialKeys(null);
        assertEquals(SerialKeys.NO_TARGET, none.run(serial(EscapeMachine.SerialKey.BAUD, 19200)));
        assertTrue(none.sendBreak().contains("use -r"));
        org.jgtlssh.gensio.SerialSettings s = org.jgtlssh.gensio.SerialSettings.DEFAULT;
        assertEquals(s.withParity('E'), SerialKeys.apply(s, serial(EscapeMachine.SerialKey.PARITY, 'E')));
        assertEquals(s.withStopBits(2), SerialKeys.apply(s, serial(EscapeMachine.SerialKey.STOP_BITS, 2)));
        assertTrue(SerialKeys.apply(s, serial(EscapeMachine.SerialKey.FLOW, 'r')).rtscts());
    }

    @Test
    void serialKeysOverTelnetWithAndWithoutRfc2217() throws Exception {
        org.jgtlssh.gensio.Gensio[] p = org.jgtlssh.gensio.pipe.Pipe.pair(1024);
        var plain = new org.jgtlssh.gensio.telnet.TelnetOptions(false, false, 4096, 4096, null);
        var rfc = new org.jgtlssh.gensio.telnet.TelnetOptions(true, false, 4096, 4096, null);
        try (var server = org.jgtlssh.gensio.telnet.TelnetGensio.open(p[1], plain, org.jgtlssh.gensio.Role.SERVER);
                var client = org.jgtlssh.gensio.telnet.TelnetGensio.open(p[0], rfc, org.jgtlssh.gensio.Role.CLIENT)) {
            assertEquals(SerialKeys.REFUSED, new SerialKeys(client).run(serial(EscapeMachine.SerialKey.BAUD, 19200)));
        }
        p = org.jgtlssh.gensio.pipe.Pipe.pair(1024);
        try (var server = org.jgtlssh.gensio.telnet.TelnetGensio.open(p[1], rfc, org.jgtlssh.gensio.Role.SERVER);
                var client = org.jgtlssh.gensio.telnet.TelnetGensio.open(p[0], rfc, org.jgtlssh.gensio.Role.CLIENT)) {
            SerialKeys keys = new SerialKeys(client);
            org.awaitility.Awaitility.await().until(() -> client.get(org.jgtlssh.gensio.Controls.SERIAL_SETTINGS).isPresent());
            assertEquals("[serial: 19200N81]\r\n", keys.run(serial(EscapeMachine.SerialKey.BAUD, 19200)));
            assertEquals("[serial: 19200E81]\r\n", keys.run(serial(EscapeMachine.SerialKey.PARITY, 'E')));
            assertEquals(19200, server.get(org.jgtlssh.gensio.Controls.SERIAL_SETTINGS).orElseThrow().baud());
            String dump = keys.run(serial(EscapeMachine.SerialKey.DUMP, 0));
            assertTrue(dump.contains("Speed: 19200E81\r\n") && dump.contains("Flow control: none"), dump);
            assertEquals(null, keys.sendBreak()); // RFC 2217 break on, 250 ms, off: both answered
        }
    }
}
