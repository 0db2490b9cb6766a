package org.jgtlssh.gtlssh;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.jgtlssh.gensio.WindowSize;

/**
 * One control message carried as mux OOB data on a session's main channel. gensio's two messages
 * ({@link Ready}, {@link WindowSizeChange}, {@link RemoteForwardRequest}) are sent to and from any peer;
 * the others are extensions, sent only after {@link ExtensionsAccepted} (see {@link Feature}).
 */
public sealed interface OobMessage {

    /** Server → client: the single unframed byte {@code r} sent when a channel's session is running. */
    record Ready() implements OobMessage {}

    /** Client → server {@code w}: the client terminal's size; applied to the pty of a login session. */
    record WindowSizeChange(WindowSize size) implements OobMessage {
        public WindowSizeChange {
            Objects.requireNonNull(size);
        }
    }

    /**
     * Client → server {@code r}: listen on {@code accepter} (gensio syntax, e.g. {@code tcp,127.0.0.1,9366})
     * and open a channel with service {@code serviceId} for each connection.
     */
    record RemoteForwardRequest(String serviceId, String accepter) implements OobMessage {
        public RemoteForwardRequest {
            if (serviceId.length() != 4 || !serviceId.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("service id must be 4 decimal digits: " + serviceId);
            }
            if (accepter.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("accepter string contains NUL");
            }
        }
    }

    /** Server → client {@code A} (extension): the features the server will use on this session. */
    record ExtensionsAccepted(Set<Feature> features) implements OobMessage {
        public ExtensionsAccepted {
            features = Set.copyOf(features);
        }
    }

    /** Client → server {@code E} (extension): the client's input has ended; the program gets EOF. */
    record EndOfInput() implements OobMessage {}

    /** Server → client {@code e} (extension): a piece of the program's stderr. */
    record Stderr(byte[] data) implements OobMessage {
        public Stderr {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stderr s && Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Stderr[" + data.length + " bytes]";
        }
    }

    /** Server → client {@code x} (extension): the program ended; the server closes the channel next. */
    record Exit(ExitStatus status) implements OobMessage {
        public Exit {
            Objects.requireNonNull(status);
        }
    }

    /** Either way {@code k} (extension): a keepalive; the peer answers with a {@link Pong} of the same token. */
    record Ping(int token) implements OobMessage {}

    /** Either way {@code K} (extension): the answer to a {@link Ping}. */
    record Pong(int token) implements OobMessage {}

    /** A framed message with an id this version does not know (or a known id with a malformed payload). */
    record Unknown(int id, int length) implements OobMessage {}
}
