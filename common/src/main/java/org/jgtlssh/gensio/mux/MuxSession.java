package org.jgtlssh.gensio.mux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Role;

/**
 * One mux connection: opens and accepts channels beyond the first. Reach it from any channel with
 * {@link MuxChannel#session()} or {@code gensio.get(MuxSession.CONTROL)}.
 *
 * <p>Either side may open channels once the first one is up. Opens are queued: only one open request
 * is outstanding on the wire at a time (gensio's rule), callers of {@link #openChannel} wait their turn.
 * Channels the peer opens wait in a small backlog for {@link #acceptChannel}; when the backlog is full,
 * the channel limit is reached, the memory budget is spent or the {@link #setIncomingFilter filter}
 * says no, the peer gets a refusal (with a valid window, so a gensio peer survives it).
 *
 * <p>When the last channel has closed, the connection closes the layer below (gensio does the same;
 * there is no mux-level goodbye).
 */
public interface MuxSession {
    /** The session of a mux stack, from any channel's {@code get}. */
    Control<MuxSession> CONTROL = Control.of("mux-session", MuxSession.class);

    /**
     * {@link org.jgtlssh.gensio.OpenContext} attribute: the first channel's service as raw bytes (it may
     * contain NULs, as gtlssh's session requests do). Overrides the {@code service=} option.
     */
    Control<byte[]> FIRST_SERVICE = Control.of("mux-first-service", byte[].class);

    /**
     * {@link org.jgtlssh.gensio.OpenContext} attribute: the most receive window, summed over all live
     * channels, that this end promises (the bytes a peer may make us buffer). Default
     * {@link #DEFAULT_MAX_BUFFERED}. New channels get a smaller window when the budget runs low, and are
     * refused when not even a small one fits.
     */
    Control<Long> MAX_BUFFERED = Control.of("mux-max-buffered", Long.class);

    long DEFAULT_MAX_BUFFERED = 64L << 20;

    /** Channels opened by the peer that may wait for {@link #acceptChannel} at once. */
    int ACCEPT_BACKLOG = 32;

    /** Opens a channel with a UTF-8 service string; blocks until the peer accepts or refuses. */
    default MuxChannel openChannel(String service) throws IOException {
        return openChannel(service == null ? new byte[0] : service.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens a channel; blocks until the peer accepts it.
     *
     * @throws MuxRefusedException if the peer refused (its gensio error code is in the exception)
     * @throws IOException if the connection failed, is closing, or a local limit is reached
     */
    MuxChannel openChannel(byte[] service) throws IOException;

    /** Waits for the next channel the peer opens. Throws once the connection is closed or failed. */
    MuxChannel acceptChannel() throws IOException;

    /** As {@link #acceptChannel()}, but returns null after {@code timeout}. */
    MuxChannel acceptChannel(Duration timeout) throws IOException;

    /**
     * Decides which peer-opened channels are accepted, by service string (UTF-8, lenient). Refused ones get
     * {@code GE_NOTSUP}. Default: accept all (the backlog and limits still apply).
     */
    void setIncomingFilter(Predicate<String> acceptService);

    /** Whether this end opened the first channel (CLIENT) or accepted it (SERVER). */
    Role role();

    /** Live channels (opening, open, or closing). */
    int channelCount();

    /** True until the connection has failed or shut down. */
    boolean isOpen();

    /** Drops the whole connection and every channel at once. */
    void abort();
}
