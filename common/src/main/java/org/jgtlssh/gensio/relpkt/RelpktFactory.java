package org.jgtlssh.gensio.relpkt;

import java.io.IOException;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * Registers {@code relpkt}. The client (INIT sender) is the connector side unless {@code mode=} says
 * otherwise; on a serial line both ends are connectors, so one of them needs {@code mode=server}.
 */
public final class RelpktFactory implements LayerFactory {
    @Override
    public String name() {
        return "relpkt";
    }

    @Override
    public boolean isFilter() {
        return true;
    }

    @Override
    public Set<String> optionKeys() {
        return RelpktOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        RelpktOptions.parse(spec);
    }

    @Override
    public Gensio wrap(LayerSpec spec, Gensio child, Role role, OpenContext ctx) throws IOException {
        RelpktOptions o = RelpktOptions.parse(spec);
        boolean client = o.effectiveRole(role) == Role.CLIENT;
        return RelpktGensio.open(child, o, client, ctx.listener(), System::nanoTime);
    }
}
