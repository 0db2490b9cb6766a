package org.jgtlssh.gensio.stack;

import java.util.Objects;

/**
 * One layer of a parsed stack string: its type name, its options and, for a terminal, the address
 * part after the first comma exactly as written (terminals parse their own addresses). A terminal whose
 * address is itself a stack ({@code conacc}) also carries it parsed in {@link #nested()}.
 */
public record LayerSpec(String name, Options options, boolean filter, String address, StackSpec nested) {
    public LayerSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(options);
    }

    /** The layer as it is written in a stack string (without the layers below it). */
    public String text() {
        StringBuilder sb = new StringBuilder(name);
        if (!options.isEmpty()) {
            sb.append('(').append(options).append(')');
        }
        if (!filter && address != null) {
            sb.append(',').append(address);
        }
        return sb.toString();
    }

    /** Where an error happened, for messages: {@code tcp,localhost,1} or {@code ssl}. */
    public String where() {
        if (filter || address == null) {
            return name;
        }
        return name + "," + address;
    }

    @Override
    public String toString() {
        return text();
    }
}
