package org.jgtlssh.gtlssh;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The extensions a jgtlssh client offers, sent as a trailer after the session request's item list (see
 * {@link SessionRequestCodec}). gensio's gtlsshd stops reading the request at the list's terminating
 * empty item, so it never sees the trailer.
 *
 * @param features the features offered (unknown tokens from a newer client are dropped when decoding)
 * @param environment extra environment variables ({@link Feature#ENVIRONMENT}); the server applies only
 *     the names it allows
 */
public record ExtensionOffer(Set<Feature> features, Map<String, String> environment) {
    public ExtensionOffer {
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** Everything this version knows, and no environment. */
    public static ExtensionOffer all() {
        return new ExtensionOffer(EnumSet.allOf(Feature.class), Map.of());
    }

    public boolean has(Feature f) {
        return features.contains(f);
    }

    public ExtensionOffer withEnvironment(Map<String, String> env) {
        return new ExtensionOffer(features, env);
    }
}
