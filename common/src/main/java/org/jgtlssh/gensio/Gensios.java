package org.jgtlssh.gensio;

import java.io.IOException;
import java.util.List;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackParser;
import org.jgtlssh.gensio.stack.StackSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * Builds live stacks from stack strings (or parsed specs): the one place where a spec becomes layers.
 *
 * <pre>
 *   Gensio g = Gensios.connect("relpkt,msgdelim,tcp,localhost,4000");
 *   Accepter a = Gensios.accepter("ssl(key=k.pem,cert=c.pem),tcp,0");
 * </pre>
 */
public final class Gensios {
    private final LayerRegistry registry;
    private final StackParser parser;

    public Gensios(LayerRegistry registry) {
        this.registry = registry;
        this.parser = new StackParser(registry);
    }

    private static final Gensios DEFAULT = new Gensios(LayerRegistry.defaultRegistry());

    public static Gensios defaults() {
        return DEFAULT;
    }

    public static StackSpec parse(String stack) throws StackSyntaxException {
        return DEFAULT.parser.parse(stack);
    }

    public static Gensio connect(String stack) throws IOException {
        return DEFAULT.open(DEFAULT.parser.parse(stack), OpenContext.DEFAULT);
    }

    public static Gensio connect(String stack, OpenContext ctx) throws IOException {
        return DEFAULT.open(DEFAULT.parser.parse(stack), ctx);
    }

    public static Accepter accepter(String stack) throws IOException {
        return DEFAULT.listen(DEFAULT.parser.parse(stack), OpenContext.DEFAULT);
    }

    public static Accepter accepter(String stack, OpenContext ctx) throws IOException {
        return DEFAULT.listen(DEFAULT.parser.parse(stack), ctx);
    }

    public StackParser parser() {
        return parser;
    }

    public LayerRegistry registry() {
        return registry;
    }

    /** Checks every layer's options and address; throws on the first problem, opening nothing. */
    public void validate(StackSpec spec, boolean accepter) throws StackSyntaxException {
        for (LayerSpec l : spec.layers()) {
            factory(l).validate(l, accepter && (l.filter() || l == spec.terminal()));
        }
    }

    /** Opens a connector stack: the terminal first, then each filter's client handshake, bottom up. */
    public Gensio open(StackSpec spec, OpenContext ctx) throws IOException {
        validate(spec, false);
        Gensio g = factory(spec.terminal()).connect(spec.terminal(), ctx);
        ctx.listener().opened(g);
        return wrapFilters(spec.filters(), g, Role.CLIENT, ctx);
    }

    /** Starts an accepter stack: the terminal listens; filters run per connection in {@link Incoming#open()}. */
    public Accepter listen(StackSpec spec, OpenContext ctx) throws IOException {
        validate(spec, true);
        Accepter terminal = factory(spec.terminal()).listen(spec.terminal(), ctx);
        if (spec.filters().isEmpty()) {
            return terminal;
        }
        return new FilterAccepter(terminal, spec.filters(), ctx);
    }

    /** Runs the filters over an already open child (bottom up); on failure aborts the child. */
    public Gensio wrapFilters(List<LayerSpec> filtersTopFirst, Gensio child, Role role, OpenContext ctx)
            throws IOException {
        Gensio g = child;
        try {
            for (int i = filtersTopFirst.size() - 1; i >= 0; i--) {
                LayerSpec l = filtersTopFirst.get(i);
                g = factory(l).wrap(l, g, role, ctx);
                ctx.listener().opened(g);
            }
            return g;
        } catch (IOException | RuntimeException | Error e) {
            g.abort();
            throw e;
        }
    }

    private LayerFactory factory(LayerSpec l) throws StackSyntaxException {
        LayerFactory f = registry.get(l.name());
        if (f == null) {
            throw new StackSyntaxException("unknown gensio type '" + l.name() + "'", -1);
        }
        return f;
    }

    /** An accepter whose connections get the filters' server side when opened. */
    private final class FilterAccepter implements Accepter {
        private final Accepter terminal;
        private final List<LayerSpec> filters;
        private final OpenContext ctx;

        FilterAccepter(Accepter terminal, List<LayerSpec> filters, OpenContext ctx) {
            this.terminal = terminal;
            this.filters = filters;
            this.ctx = ctx;
        }

        @Override
        public Incoming accept() throws IOException {
            Incoming raw = terminal.accept();
            return new Incoming() {
                @Override
                public String remoteAddress() {
                    return raw.remoteAddress();
                }

                @Override
                public Gensio open() throws IOException {
                    return wrapFilters(filters, raw.open(), Role.SERVER, ctx);
                }

                @Override
                public void abort() {
                    raw.abort();
                }
            };
        }

        @Override
        public String localAddress() {
            return terminal.localAddress();
        }

        @Override
        public int port() {
            return terminal.port();
        }

        @Override
        public void close() {
            terminal.close();
        }
    }
}
