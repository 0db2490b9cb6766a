package org.jgtlssh.gensio.telnet;

import java.util.Set;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * {@code telnet(rfc2217[=bool],winsize[=bool],readbuf=N,writebuf=N,mode=client|server)}, gensio's
 * option names; defaults off / off / 4096 / 4096 / by connector or accepter.
 *
 * @param mode the role from {@code mode=}, or null to follow the stack (connector = client)
 */
public record TelnetOptions(boolean rfc2217, boolean winsize, int readbuf, int writebuf, Role mode) {
    public static final Set<String> KEYS = Set.of("rfc2217", "winsize", "readbuf", "writebuf", "mode");
    public static final int DEFAULT_BUF = 4096;
    public static final int MAX_BUF = 1 << 20;

    public static TelnetOptions parse(LayerSpec spec) throws StackSyntaxException {
        String w = spec.where();
        var o = spec.options();
        o.checkKnown(w, KEYS);
        String mode = o.string("mode", null);
        return new TelnetOptions(o.bool(w, "rfc2217", false), o.bool(w, "winsize", false),
                o.integer(w, "readbuf", DEFAULT_BUF, 16, MAX_BUF), o.integer(w, "writebuf", DEFAULT_BUF, 16, MAX_BUF),
                mode == null ? null : Role.parse(w, mode));
    }

    public static TelnetOptions defaults(boolean rfc2217) {
        return new TelnetOptions(rfc2217, false, DEFAULT_BUF, DEFAULT_BUF, null);
    }
}
