package org.jgtlssh.gensio.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jgtlssh.gensio.Gensios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every example string of stack-strings.md §6, and the grammar and token rules of §1-2: each parses
 * (or is refused) as gensio does it, and prints back to a string that parses to the same spec.
 */
class StackStringExamplesTest {
    private static final StackParser PARSER = new StackParser(StubLayers.registry());
    private static final Gensios GENSIOS = new Gensios(StubLayers.registry());

    private static StackSpec parse(String s) throws StackSyntaxException {
        StackSpec spec = PARSER.parse(s);
        // printing back gives an equivalent string: it parses to the same spec
        assertEquals(spec, PARSER.parse(spec.toString()), "reprint of " + s + " = " + spec);
        return spec;
    }

    private static String names(StackSpec spec) {
        return spec.layers().stream().map(LayerSpec::name).collect(Collectors.joining(" "));
    }

    /** The spec's examples: # | string | layer names, top first | terminal address. */
    @ParameterizedTest(name = "§6 #{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1  | tcp,localhost,852                                       | tcp                     | localhost,852",
        "2  | tcp,852                                                 | tcp                     | 852",
        "3  | tcp(nodelay,readbuf=2048),ipv4,127.0.0.1,9370           | tcp                     | ipv4,127.0.0.1,9370",
        "4  | tcp(readbuf=20000),ipv4,0.0.0.0,852                     | tcp                     | ipv4,0.0.0.0,852",
        "5  | tcp,host1,1234,ipv6,host2,1234                          | tcp                     | host1,1234,ipv6,host2,1234",
        "6  | `sctp(laddr=\"localhost,4001\"),localhost,3023`         | sctp                    | localhost,3023",
        "7  | udp,localhost,9378                                      | udp                     | localhost,9378",
        "7  | udp,9378                                                | udp                     | 9378",
        "8  | `udp(mcast='ff02::1',laddr='ipv6,3000',nocon),ff02::1,3000` | udp                 | ff02::1,3000",
        "9  | unix,/run/app.sock                                      | unix                    | /run/app.sock",
        "9  | unix(delsock),/run/app.sock                             | unix                    | /run/app.sock",
        "10 | stdio(self)                                             | stdio                   | ",
        "11 | stdio(self,raw)                                         | stdio                   | ",
        "12 | stdio(console,raw)                                      | stdio                   | ",
        "13 | stdio,cat -v                                            | stdio                   | cat -v",
        "14 | `stdio(stderr-to-stdout),sh -c \"cat >&2\"`             | stdio                   | `sh -c \"cat >&2\"`",
        "15 | `stdio,sh -c 'printf \"[%s]\" a,b; cat'`                | stdio                   | `sh -c 'printf \"[%s]\" a,b; cat'`",
        "16 | pty,bash --norc -i                                      | pty                     | bash --norc -i",
        "17 | pty,-/bin/bash -i                                       | pty                     | -/bin/bash -i",
        "18 | `conacc,pty(link=/tmp/ptyl,raw)`                        | conacc                  | pty(link=/tmp/ptyl,raw)",
        "19 | serialdev,/dev/ttyUSB0,115200n81,local,rtscts           | serialdev               | /dev/ttyUSB0,115200n81,local,rtscts",
        "20 | serialdev,/dev/ttyS0,9600E71,hangup-when-done           | serialdev               | /dev/ttyS0,9600E71,hangup-when-done",
        "21 | serialdev,/tmp/ptyl,115200n81,local,rtscts=false        | serialdev               | /tmp/ptyl,115200n81,local,rtscts=false",
        "22 | file(infile=/etc/hostname)                              | file                    | ",
        "22 | `file(outfile=/tmp/o,create)`                           | file                    | ",
        "23 | `echo(noecho,data=\"x\\x41y\")`                         | echo                    | ",
        "24 | conacc,tcp,localhost,9371                               | conacc                  | tcp,localhost,9371",
        "25 | keepopen(retry-time=300),tcp,localhost,9372             | keepopen tcp            | localhost,9372",
        "26 | telnet(rfc2217),tcp,localhost,9372                      | telnet tcp              | localhost,9372",
        "27 | mux,tcp,localhost,9371                                  | mux tcp                 | localhost,9371",
        "27 | mux,tcp,9371                                            | mux tcp                 | 9371",
        "28 | ssl(CA=/etc/ssl/certs/),tcp,host,443                    | ssl tcp                 | host,443",
        "29 | `ssl(key=/k.pem,cert=/c.pem),tcp,9373`                  | ssl tcp                 | 9373",
        "30 | `certauth(cert=c.crt,key=c.key,username=bob),ssl(CA=s.crt),tcp,h,9370` | certauth ssl tcp | h,9370",
        "30 | `certauth(CA=c.crt),ssl(key=s.key,cert=s.crt),tcp,9370` | certauth ssl tcp        | 9370",
        "31 | msgdelim,tcp,localhost,9375                             | msgdelim tcp            | localhost,9375",
        "32 | relpkt,msgdelim,tcp,localhost,9376                      | relpkt msgdelim tcp     | localhost,9376",
        "33 | relpkt(max_pktsize=1400),udp,localhost,9377             | relpkt udp              | localhost,9377",
        "34 | `mux(writebuf=65496,readbuf=1048128),certauth(enable-password,username=bob,\"cert=/h/.gtlssh/default.crt\",\"key=/h/.gtlssh/default.key\"),ssl(\"CA=/h/.gtlssh/server_certs/\"),tcp(readbuf=20000),server,852` | mux certauth ssl tcp | server,852",
        // #35 writes "(...)" for elided options; here with the options gtlssh -r really uses
        "35 | `telnet(rfc2217),mux(writebuf=65496,readbuf=1048128),certauth(username=bob),ssl(\"CA=/h/s/\"),tcp(readbuf=20000),host,2000` | telnet mux certauth ssl tcp | host,2000",
    })
    void specExamplesParse(String number, String string, String layers, String address) throws Exception {
        StackSpec spec = parse(string);
        assertEquals(layers, names(spec), "#" + number);
        assertEquals(address, spec.terminal().address(), "#" + number);
    }

    @Test
    void optionValuesFollowGensioQuotingAndEscapes() throws Exception {
        // #6: quotes protect the comma and are removed
        assertEquals("localhost,4001", parse("sctp(laddr=\"localhost,4001\"),localhost,3023")
                .terminal().options().string("laddr", null));
        // #8: single quotes
        StackSpec s8 = parse("udp(mcast='ff02::1',laddr='ipv6,3000',nocon),ff02::1,3000");
        assertEquals("ff02::1", s8.terminal().options().string("mcast", null));
        assertEquals("ipv6,3000", s8.terminal().options().string("laddr", null));
        assertNull(s8.terminal().options().find("nocon").orElseThrow().value(), "a bare key has no value");
        // #23: \x41 is A (decimal digits decode right in gensio too)
        assertEquals("xAy", parse("echo(noecho,data=\"x\\x41y\")").terminal().options().string("data", null));
        // #34: a whole quoted token is key=value
        StackSpec s34 = parse("certauth(\"cert=/h/a b.crt\"),tcp,h,1");
        assertEquals("/h/a b.crt", s34.layers().getFirst().options().string("cert", null));
        // escapes work inside and outside quotes; octal; \, ; any other char is itself
        StackSpec e = parse("echo(data=a\\,b\\101\\t'\\'q\\''\\z),x");
        assertEquals("a,bA\t'q'z", e.terminal().options().string("data", null));
        // a ) inside quotes does not end the option list
        assertEquals("a)b", parse("echo(data=\"a)b\")").terminal().options().string("data", null));
        // separators: commas and spaces, any run of them (tabs and newlines are gensio separators too,
        // but we refuse every control character in a stack string)
        assertEquals(List.of("noecho", "data"), parse("echo( noecho ,  , data=1 )").terminal().options().asList()
                .stream().map(Option::key).toList());
        // empty option list
        assertEquals("tcp,h,1", parse("tcp(),h,1").toString());
    }

    @Test
    void hexEscapesWithLettersDecodeCorrectlyUnlikeGensio() throws Exception {
        // gensio 2.6.2 decodes \x4a as '@' (its bug, spec §2); we decode 'J'. gtlssh never writes \x.
        assertEquals("J", parse("echo(data=\\x4a)").terminal().options().string("data", null));
    }

    @Test
    void keysAreCaseInsensitiveValuesAreNot() throws Exception {
        StackSpec s = parse("tcp(READBUF=10,Laddr=MixedCase),h,1");
        assertEquals(10, s.terminal().options().integer("tcp", "readbuf", 0, 0, 100));
        assertEquals("MixedCase", s.terminal().options().string("laddr", null));
        assertEquals("/x/", parse("ssl(CA=/x/),tcp,h,1").layers().getFirst().options().string("ca", null));
    }

    @Test
    void valueSyntaxOfBooleansNumbersAndTimes() throws Exception {
        Options o = parse("tcp(nodelay=off,readbuf=0x10,reuseaddr=yes,laddr=010),h,1").terminal().options();
        assertEquals(false, o.bool("t", "nodelay", true));
        assertEquals(true, o.bool("t", "reuseaddr", false));
        assertEquals(16, o.number("t", "readbuf", 0, 0, 1000));
        assertEquals(8, Options.parseNumber("t", "k", "010"));
        assertEquals(10, Options.parseNumber("t", "k", "10"));
        assertThrows(StackSyntaxException.class, () -> Options.parseNumber("t", "k", "10x"));
        assertThrows(StackSyntaxException.class, () -> Options.parseNumber("t", "k", "08"));
        assertThrows(StackSyntaxException.class,
                () -> parse("tcp(nodelay=TRUE),h,1").terminal().options().bool("t", "nodelay", false));
        assertEquals(Duration.ofSeconds(90), Options.parseTime("t", "k", "1M30s", 'm'));
        assertEquals(Duration.ofMillis(300), Options.parseTime("t", "k", "300", 'm'));
        assertEquals(Duration.ofHours(25), Options.parseTime("t", "k", "1D1H", 's'));
        assertThrows(StackSyntaxException.class, () -> Options.parseTime("t", "k", "5x", 'm'));
        assertThrows(StackSyntaxException.class, () -> Options.parseTime("t", "k", "s", 'm'));
    }

    /** Strings gensio refuses, and the problem our message must name. */
    @ParameterizedTest(name = "refused: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                              | empty stack string",
        "`   `                           | empty stack string",
        "foo,bar                         | unknown gensio type 'foo'",
        "unixfoo,/x                      | unknown gensio type 'unixfoo'",   // a name needs ( , or end after it
        "`ssl ,tcp,h,1`                  | unknown gensio type 'ssl '",
        "ssl                             | needs a layer below it",
        "ssl,                            | needs a layer below it",
        "ssl(CA=x)                       | needs a layer below it",
        "tcp(readbuf=1,h,1               | missing ')'",
        "tcp(readbuf=1)x,h,1             | expected ',' or the end after ')'",
        "tcp(bogus=1),h,1                | unknown option 'bogus'",
        "`tcp(\"\"),h,1`                 | empty option",
        "tcp(=1),h,1                     | option without a name",
        "`echo(data=\"abc)`              | unterminated \" quote",
        "`echo(data='abc)`               | unterminated ' quote",
        "`echo(data=abc\\`               | lone backslash",
        "conacc                          | needs a connector stack",
        "conacc,ssl                      | needs a layer below it",
    })
    void refusedStrings(String s, String problem) {
        StackSyntaxException e = assertThrows(StackSyntaxException.class, () -> PARSER.parse(s));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith("at position ") || e.position() < 0, e.getMessage());
    }

    @Test
    void controlCharactersAndNewlinesAreRefusedWithTheirPosition() {
        for (String s : List.of("tcp,h,1\n", "tcp,h\r,1", "tcp(readbuf=1\t\u0000),h,1", "tcp,h,1\u007f")) {
            StackSyntaxException e = assertThrows(StackSyntaxException.class, () -> PARSER.parse(s));
            assertTrue(e.getMessage().contains("control character"), e.getMessage());
            assertTrue(e.position() >= 0 && e.position() < s.length());
        }
    }

    @Test
    void leadingWhiteSpaceIsSkippedAtEveryLayer() throws Exception {
        assertEquals("ssl tcp", names(parse("  ssl, tcp,h,1")));
    }

    @Test
    void terminalsValidateTheirAddressesByRole() throws Exception {
        // #2: an accepting tcp may omit the host, a connecting one may not
        GENSIOS.validate(PARSER.parse("tcp,852"), true);
        assertThrows(StackSyntaxException.class, () -> GENSIOS.validate(PARSER.parse("tcp,852"), false));
        // #9 and #13..#17 validate as gensio has them
        GENSIOS.validate(PARSER.parse("unix(delsock),/run/app.sock"), true);
        GENSIOS.validate(PARSER.parse("stdio,sh -c 'printf \"[%s]\" a,b; cat'"), false);
        GENSIOS.validate(PARSER.parse("pty,-/bin/bash -i"), false);
        GENSIOS.validate(PARSER.parse("conacc,tcp,localhost,9371"), true);
        // pty and conacc: connector only / accepter only
        assertThrows(StackSyntaxException.class, () -> GENSIOS.validate(PARSER.parse("pty,bash"), true));
        assertThrows(StackSyntaxException.class,
                () -> GENSIOS.validate(PARSER.parse("conacc,tcp,localhost,9371"), false));
        assertThrows(StackSyntaxException.class, () -> GENSIOS.validate(PARSER.parse("tcp(readbuf=x),h,1"), false));
    }

    @Test
    void programWordsSplitOnWhiteSpaceWithQuotesAndEscapes() throws Exception {
        assertEquals(List.of("sh", "-c", "printf \"[%s]\" a,b; cat"),
                Tokenizer.words("sh -c 'printf \"[%s]\" a,b; cat'", Tokenizer.WORD_SEPARATORS));
        assertEquals(List.of("a b", "c\"d", "e,f"),
                Tokenizer.words("  a\\ b\t c\\\"d e,f ", Tokenizer.WORD_SEPARATORS));
        assertEquals(List.of(), Tokenizer.words("   ", Tokenizer.WORD_SEPARATORS));
        assertThrows(StackSyntaxException.class, () -> Tokenizer.words("a 'b", Tokenizer.WORD_SEPARATORS));
    }
}
