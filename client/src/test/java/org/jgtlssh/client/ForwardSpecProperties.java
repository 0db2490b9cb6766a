package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.stack.StackSpec;

/**
 * -L/-R arguments become stack strings that are opened (locally) or sent to the server: whatever the
 * user types, the result is one tcp or unix terminal and nothing else: no filter, no extra address.
 */
class ForwardSpecProperties {

    @Provide
    Arbitrary<String> arguments() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("localhost", "127.0.0.1", "db", "tcp,80", "sctp,1", "/tmp/s.sock", "/a b/c", "h,x",
                        "h(x)", "mux,tcp", "\"q\"", "a\\b", "", "ssl(key=k),tcp", "/x,y", "/p)q"),
                Arbitraries.strings().ofMaxLength(8));
        return piece.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(":", l));
    }

    @Property(tries = 3000)
    void alwaysOneTerminalOrAClearError(@ForAll("arguments") String arg) throws Exception {
        ForwardSpec s;
        try {
            s = ForwardSpec.parse(arg);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            return;
        }
        for (String stack : new String[] {s.accept(), s.connect()}) {
            StackSpec spec = Gensios.parse(stack);
            assertEquals(1, spec.layers().size(), stack);
            assertTrue(spec.filters().isEmpty(), stack);
            String name = spec.terminal().name();
            assertTrue(name.equals("tcp") || name.equals("unix"), stack);
        }
    }
}
