package org.jgtlssh.gensio.telnet;

import java.io.IOException;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** Registers {@code telnet} for stack strings: client in connectors, server in accepters, or {@code mode=}. */
public final class TelnetFactory implements LayerFactory {
    @Override
    public String name() {
        return "telnet";
    }

    @Override
    public boolean isFilter() {
        return true;
    }

    @Override
    public Set<String> optionKeys() {
        return TelnetOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        TelnetOptions.parse(spec);
    }

    @Override
    public Gensio wrap(LayerSpec spec, Gensio child, Role role, OpenContext ctx) throws IOException {
        TelnetOptions opts = TelnetOptions.parse(spec);
        return TelnetGensio.open(child, opts, opts.mode() != null ? opts.mode() : role,
                ctx.get(TelnetGensio.SERIAL_PORT).orElse(null), ctx.listener());
    }
}
