package org.jgtlssh.gensio.relpkt;

import java.time.Duration;
import java.util.Set;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * {@code relpkt(mode=client|server,max_pktsize=N,max_packets=N,timeout=T,max_timeouts=N)} with gensio's
 * defaults: 123-byte payloads, a 16-packet window, a 1 s link tick, dead after more than 5 ticks without
 * a valid ACK.
 *
 * @param mode null when not given: the role decides (client in a connector, server in an accepter)
 * @param maxPacketSize the largest payload we send and accept (advertised in INIT; 16 bits)
 * @param maxPackets our receive window and transmit limit (advertised in INIT as one byte: 1..255)
 * @param tick the link tick period (keepalive, retransmission watch, dead-peer count)
 * @param maxTimeouts ticks without a valid ACK before the link is declared dead
 * @param sizeGiven the user set max_pktsize: then no larger frames are negotiated between our ends
 */
public record RelpktOptions(Role mode, int maxPacketSize, int maxPackets, Duration tick, int maxTimeouts,
        boolean sizeGiven) {
    public static final Set<String> KEYS = Set.of("mode", "max_pktsize", "max_packets", "timeout", "max_timeouts");
    public static final RelpktOptions DEFAULT = new RelpktOptions(null, 123, 16, Duration.ofSeconds(1), 5);

    /** A max_pktsize other than the default counts as given. */
    public RelpktOptions(Role mode, int maxPacketSize, int maxPackets, Duration tick, int maxTimeouts) {
        this(mode, maxPacketSize, maxPackets, tick, maxTimeouts, maxPacketSize != 123);
    }

    public static RelpktOptions parse(LayerSpec spec) throws StackSyntaxException {
        String w = spec.where();
        var o = spec.options();
        o.checkKnown(w, KEYS);
        Role mode = null;
        String m = o.string("mode", null);
        if (m != null) {
            mode = switch (m.toLowerCase(java.util.Locale.ROOT)) {
                case "client" -> Role.CLIENT;
                case "server" -> Role.SERVER;
                default -> throw new StackSyntaxException(w + ": mode must be client or server, not '" + m + "'", -1);
            };
        } else if (o.has("mode")) {
            throw new StackSyntaxException(w + ": mode needs a value (client or server)", -1);
        }
        Duration tick = o.time(w, "timeout", DEFAULT.tick, 's');
        if (tick.compareTo(Duration.ofMillis(10)) < 0 || tick.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new StackSyntaxException(w + ": timeout must be between 10ms and 10M", -1);
        }
        return new RelpktOptions(mode,
                o.integer(w, "max_pktsize", DEFAULT.maxPacketSize, 1, 65535),
                o.integer(w, "max_packets", DEFAULT.maxPackets, 1, 255),
                tick,
                o.integer(w, "max_timeouts", DEFAULT.maxTimeouts, 1, 1000),
                o.has("max_pktsize"));
    }

    public Role effectiveRole(Role role) {
        return mode != null ? mode : role;
    }

    public RelpktOptions withMode(Role r) {
        return new RelpktOptions(r, maxPacketSize, maxPackets, tick, maxTimeouts, sizeGiven);
    }
}
