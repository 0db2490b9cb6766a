package org.jgtlssh.gensio.stack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer: any input either parses (and then prints back to an equivalent string) or fails with
 * {@link StackSyntaxException}; nothing else escapes, nothing hangs. Replays the committed corpus in
 * every build; fuzzes with {@code JAZZER_FUZZ=1}.
 */
class StackParserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) {
        StackParserProperties.parseChecked(new String(input, StandardCharsets.UTF_8));
    }
}
