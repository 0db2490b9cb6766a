package org.jgtlssh.gensio.stack;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed, immutable stack: layers from the top (user side) down to the terminal (last). Prints back
 * to an equivalent stack string.
 */
public record StackSpec(List<LayerSpec> layers) {
    public StackSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty() || layers.getLast().filter()) {
            throw new IllegalArgumentException("a stack ends with a terminal");
        }
    }

    public LayerSpec terminal() {
        return layers.getLast();
    }

    /** The filters, top first. */
    public List<LayerSpec> filters() {
        return layers.subList(0, layers.size() - 1);
    }

    /** The stack below layer {@code index} (that layer included). */
    public StackSpec from(int index) {
        return new StackSpec(layers.subList(index, layers.size()));
    }

    @Override
    public String toString() {
        return layers.stream().map(LayerSpec::text).collect(Collectors.joining(","));
    }
}
