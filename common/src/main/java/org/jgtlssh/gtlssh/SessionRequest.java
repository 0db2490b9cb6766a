package org.jgtlssh.gtlssh;

import java.util.List;
import java.util.Objects;

/**
 * What a gtlssh client asks for when it opens a mux channel (the channel's service string), as a value.
 * Encoded and decoded by {@link SessionRequestCodec}.
 *
 * <ul>
 *   <li>{@link Login}: the user's login shell in a pty, with the client's environment items
 *       ({@code TERM=...}).
 *   <li>{@link Program}: a program run with pipes; argv is executed as given.
 *   <li>{@link Forward}: an {@code -L} channel: connect to a TCP or SCTP host and port, or a unix socket, and
 *       relay.
 * </ul>
 */
public sealed interface SessionRequest {

    /** {@code login:ENV1\0ENV2\0...\0} — gensio sends exactly {@code TERM=<value>} when TERM is set. */
    record Login(List<String> environment) implements SessionRequest {
        public Login {
            environment = List.copyOf(environment);
        }
    }

    /** {@code program:ARG0\0ARG1\0...\0\0} — never empty. */
    record Program(List<String> argv) implements SessionRequest {
        public Program {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("a program request needs at least a program name");
            }
        }
    }

    /** {@code tcp,HOST,PORT}, {@code sctp,HOST,PORT} or {@code unix,PATH}: a local forward's target. */
    record Forward(ForwardTarget target) implements SessionRequest {
        public Forward {
            Objects.requireNonNull(target);
        }
    }
}
