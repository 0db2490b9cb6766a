package org.jgtlssh.gensio.ssl;

import java.io.IOException;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** Registers {@code ssl(...)} for stack strings. */
public final class SslFactory implements LayerFactory {
    @Override
    public String name() {
        return "ssl";
    }

    @Override
    public boolean isFilter() {
        return true;
    }

    @Override
    public Set<String> optionKeys() {
        return SslOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        SslOptions.parse(spec, accepter ? Role.SERVER : Role.CLIENT);
    }

    @Override
    public Gensio wrap(LayerSpec spec, Gensio child, Role role, OpenContext ctx) throws IOException {
        return SslGensio.open(SslOptions.parse(spec, role), child, ctx);
    }
}
