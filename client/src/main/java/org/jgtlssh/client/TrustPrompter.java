package org.jgtlssh.client;

import java.io.IOException;
import java.util.Optional;

/**
 * Where host-trust questions go: the controlling terminal in real use (never stdin, which may carry the
 * remote program's input), a script in tests.
 */
public interface TrustPrompter {
    /** Shows text (already stripped of anything a peer could use to drive the terminal). */
    void say(String text) throws IOException;

    /**
     * Shows {@code prompt} and reads one line; empty at end of input.
     */
    Optional<String> ask(String prompt) throws IOException;

    /** A prompter for {@code --nointeractive}: it may print but never asks. */
    TrustPrompter NONE = new TrustPrompter() {
        @Override
        public void say(String text) {
            System.err.print(text);
            System.err.flush();
        }

        @Override
        public Optional<String> ask(String prompt) {
            return Optional.empty();
        }
    };
}
