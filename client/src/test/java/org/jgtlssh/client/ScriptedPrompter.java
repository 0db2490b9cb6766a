package org.jgtlssh.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** A {@link TrustPrompter} that answers from a list and records everything shown. */
final class ScriptedPrompter implements TrustPrompter {
    final StringBuilder shown = new StringBuilder();
    final Deque<String> answers;
    int questions;

    ScriptedPrompter(String... answers) {
        this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public void say(String text) {
        shown.append(text);
    }

    @Override
    public Optional<String> ask(String prompt) {
        questions++;
        shown.append(prompt);
        return Optional.ofNullable(answers.poll());
    }
}
