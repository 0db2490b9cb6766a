package org.jgtlssh.gensio.stack;

import java.util.Locale;
import java.util.Objects;

/**
 * One option of a layer: {@code key=value}, or a bare {@code key} (value null, a boolean true). The key
 * is stored in lower case (gensio compares keys case-insensitively); the value keeps its case.
 */
public record Option(String key, String value) {
    public Option {
        Objects.requireNonNull(key);
        key = key.toLowerCase(Locale.ROOT);
    }

    /** The option as it would be written in a stack string, quoted where needed. */
    @Override
    public String toString() {
        if (value == null) {
            return Quoting.quoteIfNeeded(key);
        }
        return Quoting.quoteIfNeeded(key + "=" + value);
    }
}
