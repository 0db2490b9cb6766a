package org.jgtlssh.gensio;

import java.io.IOException;
import java.util.Set;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * Makes one type of layer from its part of a stack string. A new layer is one package with a factory,
 * registered in {@code META-INF/services/org.jgtlssh.gensio.LayerFactory}.
 */
public interface LayerFactory {

    /** The name in stack strings, e.g. {@code relpkt}. */
    String name();

    /** A filter sits over a child; a terminal is the bottom of a stack. */
    boolean isFilter();

    /**
     * True for terminals whose address is itself a connector stack string ({@code conacc}), so the parser
     * parses it into {@link LayerSpec#nested()}.
     */
    default boolean addressIsStack() {
        return false;
    }

    /** The option keys this layer accepts, lower case. Anything else is rejected at parse time. */
    Set<String> optionKeys();

    /**
     * Checks options and address without opening anything, so a bad stack string fails before any
     * connection is made. Throws with a message that names the layer and the problem.
     */
    default void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {}

    /** A terminal's connector: opens the connection. */
    default Gensio connect(LayerSpec spec, OpenContext ctx) throws IOException {
        throw new GensioException(spec.name(), "cannot be used as a connector");
    }

    /** A terminal's accepter: starts listening. */
    default Accepter listen(LayerSpec spec, OpenContext ctx) throws IOException {
        throw new GensioException(spec.name(), "cannot be used as an accepter");
    }

    /**
     * A filter: runs its handshake over the open {@code child} and returns the new top of the stack.
     * {@code role} is CLIENT in a connector string and SERVER in an accepter string; the layer's own
     * {@code mode=} option overrides it. On failure the filter does not close the child: the caller does.
     */
    default Gensio wrap(LayerSpec spec, Gensio child, Role role, OpenContext ctx) throws IOException {
        throw new GensioException(spec.name(), "is not a filter");
    }
}
