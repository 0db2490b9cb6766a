package org.jgtlssh.gensio.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Option tokens decoded by the real gensio 2.6.2 and by our parser must agree byte for byte. The
 * real library shows its decoding through {@code echo(noecho,data=TOKEN)}, which emits the value and
 * closes; gensiot prints it.
 */
class OptionValuesGensiotInteropTest {
    private static final StackParser PARSER = new StackParser(StubLayers.registry());

    @ParameterizedTest
    @ValueSource(strings = {
        "x\\x41y", // hex with decimal digits (letters decode wrong in gensio; see StackStringExamplesTest)
        "\"a)b\"",
        "a\\,b'\\'q\\''",
        "'sp ace'",
        "\\101\\102\\103",
        "a\\tb\\nc",
        "\"x\\\"y\"",
        "a\"b,c\"d",
        "back\\\\slash",
        "\\q\\z",
        "\\0101",
        "x,data=last", // a repeated key: the last one counts
        "caf\u00e9",
    })
    void ourDecodingMatchesGensios(String token) throws Exception {
        String stack = "echo(noecho,data=" + token + ")";
        String ours = PARSER.parse(stack).terminal().options().string("data", null);
        try (ManagedProcess gensiot = ManagedProcess.start(List.of(RealGensio.gensiot(), "-i", "stdio(self)", stack))) {
            // stdin stays open (gensiot 2.6.2 asserts on a /dev/null stdin and drops output at EOF)
            assertEquals(0, gensiot.waitFor(Duration.ofSeconds(20)), gensiot.err());
            assertEquals(ours, new String(gensiot.outBytes(), StandardCharsets.UTF_8), stack);
        }
    }
}
