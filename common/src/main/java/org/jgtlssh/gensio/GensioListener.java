package org.jgtlssh.gensio;

import java.util.Map;

/**
 * The one lifecycle listener of a stack: logging, audit, link statistics and tests all listen here.
 * Every method has an empty default, so a listener implements only what it cares about. Methods are
 * called on whatever thread the layer runs; they must be quick and must not throw.
 */
public interface GensioListener {
    GensioListener NONE = new GensioListener() {};

    /** A layer finished opening (its handshake is done). */
    default void opened(Gensio gensio) {}

    /** A layer closed; {@code cause} is null for an orderly close. */
    default void closed(Gensio gensio, Throwable cause) {}

    /**
     * Something worth knowing happened in a layer: {@code layer} is its type ({@code relpkt}),
     * {@code event} a short name ({@code retransmit}, {@code crc-error}, {@code auth-ok},
     * {@code auth-refused}...), {@code data} its details. Never carries a secret.
     */
    default void event(String layer, String event, Map<String, Object> data) {}

    /** A layer's counters (packets sent, resent, CRC errors, RTT estimate...), reported from time to time. */
    default void stats(String layer, Map<String, Long> counters) {}

    /** Calls each of the listeners in turn. */
    static GensioListener all(GensioListener... listeners) {
        return new GensioListener() {
            @Override
            public void opened(Gensio g) {
                for (GensioListener l : listeners) l.opened(g);
            }

            @Override
            public void closed(Gensio g, Throwable cause) {
                for (GensioListener l : listeners) l.closed(g, cause);
            }

            @Override
            public void event(String layer, String event, Map<String, Object> data) {
                for (GensioListener l : listeners) l.event(layer, event, data);
            }

            @Override
            public void stats(String layer, Map<String, Long> counters) {
                for (GensioListener l : listeners) l.stats(layer, counters);
            }
        };
    }
}
