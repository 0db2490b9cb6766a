package org.jgtlssh.gensio.msgdelim;

import java.util.Set;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * {@code msgdelim(writebuf=N,readbuf=N,crc=BOOL)} with gensio's defaults 128 / 128 / on.
 *
 * @param writebuf the largest payload of one outgoing message
 * @param readbuf the largest payload of one incoming message
 * @param crc add and check the CRC-16; both ends must agree (nothing is negotiated)
 * @param sizesGiven the user set writebuf or readbuf: then relpkt's frame negotiation leaves both alone
 *     ({@link MsgdelimGensio#RAISE_FRAME_LIMIT} only raises defaults)
 */
public record MsgdelimOptions(int writebuf, int readbuf, boolean crc, boolean sizesGiven) {
    public static final Set<String> KEYS = Set.of("writebuf", "readbuf", "crc");
    public static final MsgdelimOptions DEFAULT = new MsgdelimOptions(128, 128, true);

    /** Sizes other than the defaults count as given. */
    public MsgdelimOptions(int writebuf, int readbuf, boolean crc) {
        this(writebuf, readbuf, crc, writebuf != 128 || readbuf != 128);
    }
    /** A sane upper bound: a frame is held whole in memory on both sides. */
    public static final int MAX_BUF = 65536;

    public static MsgdelimOptions parse(LayerSpec spec) throws StackSyntaxException {
        String w = spec.where();
        spec.options().checkKnown(w, KEYS);
        return new MsgdelimOptions(
                spec.options().integer(w, "writebuf", DEFAULT.writebuf, 1, MAX_BUF),
                spec.options().integer(w, "readbuf", DEFAULT.readbuf, 1, MAX_BUF),
                spec.options().bool(w, "crc", DEFAULT.crc),
                spec.options().has("writebuf") || spec.options().has("readbuf"));
    }
}
