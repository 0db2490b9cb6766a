package org.jgtlssh.gensio.stdio;

import java.util.List;
import java.util.Set;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.Options;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.jgtlssh.gensio.stack.Tokenizer;

/**
 * The stdio layer's options, parsed once. {@code program} is empty for {@code self}/{@code console}
 * (and for the accepter); otherwise it is the program's words, split the way gensio splits them
 * (white space, quotes, backslash escapes).
 */
public record StdioOptions(
        List<String> program,
        boolean self,
        boolean console,
        boolean raw,
        boolean stderrToStdout,
        boolean noredirStderr,
        int readbuf,
        String startDir) {

    static final Set<String> KEYS =
            Set.of("self", "console", "raw", "stderr-to-stdout", "noredir-stderr", "readbuf", "start-dir");

    static StdioOptions parse(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        String w = spec.where();
        Options o = spec.options();
        boolean self = o.bool(w, "self", false);
        boolean console = o.bool(w, "console", false);
        boolean raw = o.bool(w, "raw", false);
        boolean merge = o.bool(w, "stderr-to-stdout", false);
        boolean noredir = o.bool(w, "noredir-stderr", false);
        int readbuf = o.integer(w, "readbuf", 1024, 1, 16 * 1024 * 1024);
        String startDir = o.string("start-dir", null);
        if (self && console) {
            throw new StackSyntaxException(w + ": self and console exclude each other", -1);
        }
        if (merge && noredir) {
            throw new StackSyntaxException(w + ": stderr-to-stdout and noredir-stderr exclude each other", -1);
        }
        List<String> program = List.of();
        String addr = spec.address();
        if (accepter) {
            if (addr != null) {
                throw new StackSyntaxException(w + ": the stdio accepter uses this process's stdio; it takes no program", -1);
            }
            if (!console) {
                self = true;
            }
        } else if (self || console) {
            if (addr != null) {
                throw new StackSyntaxException(w + ": " + (self ? "self" : "console") + " takes no program", -1);
            }
        } else {
            if (addr == null) {
                throw new StackSyntaxException(w + ": needs a program to run (or stdio(self))", -1);
            }
            program = Tokenizer.words(addr, Tokenizer.WORD_SEPARATORS);
            if (program.isEmpty()) {
                throw new StackSyntaxException(w + ": empty program", -1);
            }
        }
        return new StdioOptions(program, self, console, raw, merge, noredir, readbuf, startDir);
    }
}
