package org.jgtlssh.gensio;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a program hands to the layers it opens besides the stack string: the lifecycle listener and
 * typed attributes for policies that do not fit in a string (a trust decision for the server
 * certificate, a user authenticator, a password prompt). Immutable; build a new one with
 * {@link #with}.
 */
public final class OpenContext {
    public static final OpenContext DEFAULT = new OpenContext(GensioListener.NONE, Map.of());

    private final GensioListener listener;
    private final Map<Control<?>, Object> attributes;

    private OpenContext(GensioListener listener, Map<Control<?>, Object> attributes) {
        this.listener = listener;
        this.attributes = attributes;
    }

    public static OpenContext of(GensioListener listener) {
        return new OpenContext(listener, Map.of());
    }

    public GensioListener listener() {
        return listener;
    }

    public OpenContext withListener(GensioListener l) {
        return new OpenContext(l, attributes);
    }

    public <T> OpenContext with(Control<T> key, T value) {
        Map<Control<?>, Object> m = new HashMap<>(attributes);
        m.put(key, value);
        return new OpenContext(listener, Map.copyOf(m));
    }

    public <T> Optional<T> get(Control<T> key) {
        return Optional.ofNullable(key.cast(attributes.get(key)));
    }
}
