package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the stripper with arbitrary peer bytes; seeds replay in every build. */
class TerminalSafeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void strip(byte[] data) {
        String out = TerminalSafe.strip(data);
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            assertTrue(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f) || c > 0x9f);
        }
        assertTrue(TerminalSafe.strip(out).equals(out));
    }
}
