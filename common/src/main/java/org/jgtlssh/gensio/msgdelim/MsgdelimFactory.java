package org.jgtlssh.gensio.msgdelim;

import java.io.IOException;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** Registers {@code msgdelim} for stack strings. Symmetric: the role does not matter. */
public final class MsgdelimFactory implements LayerFactory {
    @Override
    public String name() {
        return "msgdelim";
    }

    @Override
    public boolean isFilter() {
        return true;
    }

    @Override
    public Set<String> optionKeys() {
        return MsgdelimOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        MsgdelimOptions.parse(spec);
    }

    @Override
    public Gensio wrap(LayerSpec spec, Gensio child, Role role, OpenContext ctx) throws IOException {
        return new MsgdelimGensio(child, MsgdelimOptions.parse(spec), ctx.listener());
    }
}
