package org.jgtlssh.gensio.mux;

import java.io.IOException;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * {@code mux[(readbuf=N,writebuf=N,max_channels=N,service=S,mode=client|server)]}: the channel
 * multiplexer. {@link #wrap} returns the first channel, as gensio's top gensio of a mux stack is: the
 * client opens it (after the peer's INIT), the server waits for it. More channels through
 * {@link MuxChannel#session()}.
 */
public final class MuxFactory implements LayerFactory {
    @Override
    public String name() {
        return "mux";
    }

    @Override
    public boolean isFilter() {
        return true;
    }

    @Override
    public Set<String> optionKeys() {
        return MuxOptions.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        MuxOptions.parse(spec, accepter ? Role.SERVER : Role.CLIENT);
    }

    @Override
    public Gensio wrap(LayerSpec spec, Gensio child, Role role, OpenContext ctx) throws IOException {
        MuxOptions o = MuxOptions.parse(spec, role);
        byte[] svc = ctx.get(MuxSession.FIRST_SERVICE).orElse(null);
        if (svc != null) {
            if (svc.length > MuxCodec.MAX_PAYLOAD) {
                throw new GensioException(spec.where(), "service longer than 65535 bytes");
            }
            o = o.withService(svc.clone());
        }
        return open(child, o, ctx);
    }

    /** Runs mux over an open child with options made in code; returns the first channel. */
    public static MuxChannel open(Gensio child, MuxOptions options, OpenContext ctx) throws IOException {
        long budget = ctx.get(MuxSession.MAX_BUFFERED).orElse(MuxSession.DEFAULT_MAX_BUFFERED);
        return new MuxConnection(child, options, ctx.listener(), budget).start();
    }
}
