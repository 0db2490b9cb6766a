package org.jgtlssh.gensio.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the stack-string parser over generated strings. */
class StackParserProperties {
    private static final StackParser PARSER = new StackParser(StubLayers.registry());

    /** Strings made of the parser's own vocabulary: names, separators, quotes, escapes, parens. */
    @Provide
    Arbitrary<String> stackish() {
        Arbitrary<String> piece = Arbitraries.of("tcp", "ssl", "mux", "conacc", "stdio", "pty", "unix", "echo",
                "certauth", "relpkt", "msgdelim", "(", ")", ",", " ", "'", "\"", "\\", "\\x4", "\\101", "=",
                "readbuf", "data", "self", "raw", "1", "0x", "localhost", "-", "/", "a", "\u00e9", "\t", "\n");
        return piece.list().ofMaxSize(24).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void neverThrowsAnythingButItsOwnError(@ForAll("stackish") String s) {
        parseChecked(s);
    }

    @Property(tries = 1000)
    void arbitraryUnicodeNeverThrowsAnythingButItsOwnError(@ForAll String s) {
        parseChecked(s);
    }

    /** Parses; a success must print back to an equivalent string. Only StackSyntaxException may escape. */
    static void parseChecked(String s) {
        StackSpec spec;
        try {
            spec = PARSER.parse(s);
        } catch (StackSyntaxException e) {
            return;
        }
        try {
            assertEquals(spec, PARSER.parse(spec.toString()), "reprint of [" + s + "] as [" + spec + "]");
        } catch (StackSyntaxException e) {
            throw new AssertionError("[" + s + "] parsed, but its reprint [" + spec + "] did not: " + e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    @Property(tries = 2000)
    void anyOptionValueSurvivesQuotingAndParsing(@ForAll("values") String value) throws Exception {
        Option o = new Option("data", value);
        StackSpec spec = PARSER.parse("echo(" + o + ")");
        assertEquals(value, spec.terminal().options().string("data", null));
    }

    @Provide
    Arbitrary<List<String>> words() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(12).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 1000)
    void quotedProgramWordsSplitBackIntoTheSameWords(@ForAll("words") List<String> words) throws Exception {
        String line = String.join(" ", words.stream().map(Quoting::quote).toList());
        assertEquals(words, Tokenizer.words(line, Tokenizer.WORD_SEPARATORS));
    }
}
