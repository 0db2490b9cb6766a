package org.jgtlssh.gensio;

import java.util.Collection;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Layer types by name. The default registry holds every {@link LayerFactory} found through
 * {@link ServiceLoader}; tests may make their own and register extra types.
 */
public final class LayerRegistry {
    private static final LayerRegistry DEFAULT = loadDefault();

    private final Map<String, LayerFactory> byName = new ConcurrentHashMap<>();

    public LayerRegistry() {}

    public static LayerRegistry defaultRegistry() {
        return DEFAULT;
    }

    private static LayerRegistry loadDefault() {
        LayerRegistry r = new LayerRegistry();
        for (LayerFactory f : ServiceLoader.load(LayerFactory.class, LayerRegistry.class.getClassLoader())) {
            r.register(f);
        }
        return r;
    }

    /** A registry with the default layers plus nothing else yet: register test layers on it. */
    public static LayerRegistry copyOfDefault() {
        LayerRegistry r = new LayerRegistry();
        r.byName.putAll(DEFAULT.byName);
        return r;
    }

    public LayerRegistry register(LayerFactory f) {
        LayerFactory old = byName.putIfAbsent(f.name(), f);
        if (old != null && old != f) {
            throw new IllegalStateException("layer type " + f.name() + " registered twice");
        }
        return this;
    }

    public LayerFactory get(String name) {
        return byName.get(name);
    }

    public Collection<LayerFactory> all() {
        return byName.values();
    }
}
