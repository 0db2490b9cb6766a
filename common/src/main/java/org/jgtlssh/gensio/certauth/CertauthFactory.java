package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** Registers {@code certauth(...)} for stack strings. */
public final class CertauthFactory implements LayerFactory {
    @Override
    public String name() {
        return "certauth";
    }

    @Override
    public boolean isFilter() {
        return true;
    }

    @Override
    public Set<String> optionKeys() {
        return CertauthOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        CertauthOptions.parse(spec, accepter ? Role.SERVER : Role.CLIENT);
    }

    @Override
    public Gensio wrap(LayerSpec spec, Gensio child, Role role, OpenContext ctx) throws IOException {
        return CertauthGensio.open(CertauthOptions.parse(spec, role), child, ctx);
    }
}
