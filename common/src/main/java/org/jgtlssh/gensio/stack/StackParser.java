package org.jgtlssh.gensio.stack;

import java.util.ArrayList;
import java.util.List;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.LayerRegistry;

/**
 * Parses a gensio stack string ({@code mux,certauth(...),ssl(...),tcp,host,852}) into a {@link StackSpec}.
 *
 * <pre>
 *   stack    := ws* element
 *   element  := filter | terminal
 *   filter   := NAME [ "(" options ")" ] "," stack
 *   terminal := NAME [ "(" options ")" ] [ "," address ]
 * </pre>
 *
 * A name matches when the input starts with it and the next character is {@code (}, {@code ,} or the
 * end, so {@code unix} never swallows {@code unixfoo}. Control characters are refused anywhere: a stack
 * string often comes from a config file or a command line, and a newline in it is never meant.
 */
public final class StackParser {
    /** Longer than any real stack; bounds the work a hostile string can cause. */
    public static final int MAX_LENGTH = 16 * 1024;
    private static final int MAX_DEPTH = 32;

    private final LayerRegistry registry;

    public StackParser(LayerRegistry registry) {
        this.registry = registry;
    }

    public StackSpec parse(String s) throws StackSyntaxException {
        if (s == null) {
            throw new StackSyntaxException("no stack string", -1);
        }
        if (s.length() > MAX_LENGTH) {
            throw new StackSyntaxException("stack string longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new StackSyntaxException(
                        String.format("control character 0x%02x is not allowed in a stack string", (int) c), i);
            }
        }
        return parseAt(s, 0, 0);
    }

    private StackSpec parseAt(String s, int start, int depth) throws StackSyntaxException {
        List<LayerSpec> layers = new ArrayList<>();
        int pos = start;
        while (true) {
            if (layers.size() + depth > MAX_DEPTH) {
                throw new StackSyntaxException("stack deeper than " + MAX_DEPTH + " layers", pos);
            }
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                throw new StackSyntaxException(layers.isEmpty() ? "empty stack string"
                        : "a filter (" + layers.getLast().name() + ") needs a layer below it", pos);
            }
            LayerFactory f = matchName(s, pos);
            String name = f.name();
            pos += name.length();
            Options options = Options.EMPTY;
            if (pos < s.length() && s.charAt(pos) == '(') {
                int open = pos;
                Tokenizer t = new Tokenizer(s, pos + 1, 0, Tokenizer.OPTION_SEPARATORS, true);
                List<Option> opts = new ArrayList<>();
                String tok;
                while ((tok = t.next()) != null) {
                    if (tok.isEmpty()) {
                        throw new StackSyntaxException(name + ": empty option", t.position());
                    }
                    int eq = tok.indexOf('=');
                    if (eq == 0) {
                        throw new StackSyntaxException(name + ": option without a name: '" + tok + "'", t.position());
                    }
                    opts.add(eq < 0 ? new Option(tok, null) : new Option(tok.substring(0, eq), tok.substring(eq + 1)));
                }
                if (!t.atCloseParen()) {
                    throw new StackSyntaxException(name + ": missing ')' for the '(' at position " + open, s.length());
                }
                pos = t.position() + 1;
                options = new Options(opts);
                if (pos < s.length() && s.charAt(pos) != ',') {
                    throw new StackSyntaxException(name + ": expected ',' or the end after ')', found '"
                            + s.charAt(pos) + "'", pos);
                }
            }
            options.checkKnown(name, f.optionKeys());
            if (f.isFilter()) {
                if (pos >= s.length()) {
                    throw new StackSyntaxException("a filter (" + name + ") needs a layer below it", pos);
                }
                pos++; // the comma
                layers.add(new LayerSpec(name, options, true, null, null));
                continue;
            }
            String address = null;
            StackSpec nested = null;
            if (pos < s.length()) {
                pos++; // the comma
                address = s.substring(pos);
                if (f.addressIsStack()) {
                    nested = parseAt(s, pos, depth + layers.size() + 1);
                }
            } else if (f.addressIsStack()) {
                throw new StackSyntaxException(name + ": needs a connector stack after ','", pos);
            }
            layers.add(new LayerSpec(name, options, false, address, nested));
            return new StackSpec(layers);
        }
    }

    private LayerFactory matchName(String s, int pos) throws StackSyntaxException {
        LayerFactory best = null;
        for (LayerFactory f : registry.all()) {
            String n = f.name();
            if (s.startsWith(n, pos)) {
                int end = pos + n.length();
                if (end == s.length() || s.charAt(end) == '(' || s.charAt(end) == ',') {
                    if (best == null || n.length() > best.name().length()) {
                        best = f;
                    }
                }
            }
        }
        if (best == null) {
            int end = pos;
            while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != '(' && end - pos < 40) {
                end++;
            }
            throw new StackSyntaxException("unknown gensio type '" + s.substring(pos, end) + "'", pos);
        }
        return best;
    }
}
