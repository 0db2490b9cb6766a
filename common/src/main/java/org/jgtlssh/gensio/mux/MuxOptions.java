package org.jgtlssh.gensio.mux;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * The {@code mux(...)} options, parsed once, with gensio's defaults (which differ by role):
 *
 * <pre>
 *             readbuf (= window we announce)   writebuf (caps one message at writebuf-3)
 *  client     16384                            2048
 *  server     1024                             1024
 *  gtlssh     mux(writebuf=65496,readbuf=1048128) on both ends
 * </pre>
 *
 * @param role who opens the first channel ({@code mode=} overrides the stack's role)
 * @param readbuf receive window announced for each channel, bytes (&gt; 128, gensio's peers refuse less)
 * @param writebuf send buffer; one message carries at most {@code writebuf - 3} data bytes
 * @param maxChannels live channels at once (ids 0..maxChannels-1); also kept below the peer's limit
 *     when both use the default
 * @param service the first channel's service, or null
 */
public record MuxOptions(Role role, int readbuf, int writebuf, int maxChannels, byte[] service) {
    public static final Set<String> KEYS = Set.of("readbuf", "writebuf", "max_channels", "service", "mode");

    /** gensio's default channel limit; exceeding a gensio peer's limit kills the mux (spec 5.1). */
    public static final int DEFAULT_MAX_CHANNELS = 1000;

    /** Our own ceiling on one channel's window: it is memory we promise to hold. */
    public static final int MAX_READBUF = 64 << 20;

    public static MuxOptions defaults(Role role) {
        return role == Role.CLIENT
                ? new MuxOptions(role, 16384, 2048, DEFAULT_MAX_CHANNELS, null)
                : new MuxOptions(role, 1024, 1024, DEFAULT_MAX_CHANNELS, null);
    }

    public static MuxOptions parse(LayerSpec spec, Role stackRole) throws StackSyntaxException {
        String where = spec.where();
        var o = spec.options();
        o.checkKnown(where, KEYS);
        Role role = o.has("mode") ? Role.parse(where, o.string("mode", "client")) : stackRole;
        MuxOptions d = defaults(role);
        int readbuf = o.integer(where, "readbuf", d.readbuf(), 129, MAX_READBUF);
        int writebuf = o.integer(where, "writebuf", d.writebuf(), 128, Integer.MAX_VALUE);
        int maxChannels = o.integer(where, "max_channels", d.maxChannels(), 1, 65536);
        String svc = o.string("service", null);
        byte[] service = svc == null ? null : svc.getBytes(StandardCharsets.UTF_8);
        if (service != null && service.length > MuxCodec.MAX_PAYLOAD) {
            throw new StackSyntaxException(where + ": service is longer than 65535 bytes", -1);
        }
        return new MuxOptions(role, readbuf, writebuf, maxChannels, service);
    }

    public MuxOptions withService(byte[] s) {
        return new MuxOptions(role, readbuf, writebuf, maxChannels, s);
    }

    public MuxOptions withBuffers(int read, int write) {
        return new MuxOptions(role, read, write, maxChannels, service);
    }
}
