package org.jgtlssh.gensio;

import java.util.Objects;

/**
 * A typed key for {@link Gensio#get} and {@link Gensio#set}. Identity is by name, so two layers that
 * agree on a name agree on the control.
 *
 * @param <T> the value type
 */
public final class Control<T> {
    private final String name;
    private final Class<T> type;

    private Control(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
    }

    public static <T> Control<T> of(String name, Class<T> type) {
        return new Control<>(name, type);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Control<?> c && c.name.equals(name) && c.type.equals(type);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
