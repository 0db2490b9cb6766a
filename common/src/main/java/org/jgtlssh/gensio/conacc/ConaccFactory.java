package org.jgtlssh.gensio.conacc;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/** {@code conacc[(retry-time=<gtime>)],<connector stack>}: accepter only. */
public final class ConaccFactory implements LayerFactory {
    static final Set<String> KEYS = Set.of("retry-time");

    @Override
    public String name() {
        return "conacc";
    }

    @Override
    public boolean isFilter() {
        return false;
    }

    @Override
    public boolean addressIsStack() {
        return true;
    }

    @Override
    public Set<String> optionKeys() {
        return KEYS;
    }

    /** retry-time: gensio's default unit is milliseconds; 0 (the default) means do not retry a failed open. */
    static Duration retryTime(LayerSpec spec) throws StackSyntaxException {
        return spec.options().time(spec.where(), "retry-time", Duration.ZERO, 'm');
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        if (!accepter) {
            throw new StackSyntaxException(spec.where() + ": conacc is an accepter only", -1);
        }
        retryTime(spec);
        if (spec.nested() == null) {
            throw new StackSyntaxException(spec.where() + ": needs a connector stack", -1);
        }
        Gensios.defaults().validate(spec.nested(), false);
    }

    @Override
    public Accepter listen(LayerSpec spec, OpenContext ctx) throws IOException {
        validate(spec, true);
        return new ConaccAccepter(spec.nested(), retryTime(spec), ctx, spec.where());
    }
}
