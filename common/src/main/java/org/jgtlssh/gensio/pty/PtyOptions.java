package org.jgtlssh.gensio.pty;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.Options;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.jgtlssh.gensio.stack.Tokenizer;

/**
 * The pty layer's options, parsed once. {@code argv} is what the program sees (argv[0] keeps a
 * leading {@code -}); {@link #executable()} is what is run. An empty {@code argv} is a pty without a
 * program: the other end is whoever opens the slave (usually through {@code link=}).
 */
public record PtyOptions(List<String> argv, boolean raw, String startDir, int readbuf, String link, boolean forcelink) {

    static final Set<String> KEYS = Set.of("raw", "start-dir", "readbuf", "link", "forcelink");

    static PtyOptions parse(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        String w = spec.where();
        if (accepter) {
            throw new StackSyntaxException(w + ": pty is a connector only (use conacc,pty,... to accept)", -1);
        }
        Options o = spec.options();
        boolean raw = o.bool(w, "raw", false);
        int readbuf = o.integer(w, "readbuf", 1024, 1, 16 * 1024 * 1024);
        String startDir = o.string("start-dir", null);
        String link = o.string("link", null);
        boolean forcelink = o.bool(w, "forcelink", false);
        if (spec.address() == null) {
            return new PtyOptions(List.of(), raw, startDir, readbuf, link, forcelink);
        }
        List<String> argv = Tokenizer.words(spec.address(), Tokenizer.WORD_SEPARATORS);
        if (argv.isEmpty() || argv.getFirst().equals("-")) {
            throw new StackSyntaxException(w + ": empty program", -1);
        }
        return new PtyOptions(List.copyOf(argv), raw, startDir, readbuf, link, forcelink);
    }

    /** The file to execute: argv[0] without the login-shell dash. */
    public String executable() {
        String a0 = argv.getFirst();
        return a0.startsWith("-") ? a0.substring(1) : a0;
    }

    /** True when argv[0] must differ from the executable (the login-shell convention). */
    public boolean loginShell() {
        return argv.getFirst().startsWith("-");
    }

    /**
     * The command pty4j should run. pty4j passes its first element both as the file and as argv[0],
     * so a login shell goes through perl's {@code exec {file} argv} (perl-base is essential on
     * Debian); raw mode is set by {@code stty} on the new terminal before the program starts, so the
     * program never sees a cooked terminal.
     */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        if (raw) {
            cmd.addAll(List.of("/bin/sh", "-c", "stty raw -echo || exit 126; exec \"$@\"", "sh"));
        }
        if (loginShell()) {
            cmd.addAll(List.of("perl", "-e",
                    "my $f = shift; exec {$f} @ARGV; print STDERR \"$f: $!\\n\"; exit 127", executable()));
        }
        cmd.addAll(argv);
        return cmd;
    }
}
