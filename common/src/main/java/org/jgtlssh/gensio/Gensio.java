package org.jgtlssh.gensio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * One open, bidirectional connection: a layer of a stack (a terminal such as {@code tcp}, or a filter
 * such as {@code ssl} over its child).
 *
 * <p>I/O is blocking: {@link #read} waits for data, {@link #write} waits until the layer has accepted
 * all the bytes (that wait is the back-pressure that reaches the writer when the reader stops).
 * Reading and writing may happen on two different threads at once; two concurrent readers (or two
 * concurrent writers) are not supported.
 *
 * <p>A byte-stream gensio returns whatever bytes are available; a packet gensio ({@link #isPacket()})
 * returns exactly one whole packet per read and sends each write as one packet.
 *
 * <p>Out-of-band data and end-of-message marks (mux) travel through {@link ReadMeta} and
 * {@link WriteFlags}. A reader that passes no {@code ReadMeta} has not asked for OOB data, and a layer
 * then drops OOB data silently, as gensio does for a user that did not enable OOB.
 */
public interface Gensio extends AutoCloseable {

    /** The layer's type name as it appears in stack strings: {@code tcp}, {@code ssl}, ... */
    String type();

    /** The layer below, or {@code null} for a terminal. */
    Gensio child();

    /**
     * Reads into {@code buf}. Blocks until at least one byte (a stream) or one whole packet (a packet
     * gensio) is available, or the peer has closed its side. Returns the number of bytes read, or -1 at
     * end of stream. For a packet gensio a packet larger than {@code len} is an error, so size the
     * buffer with {@link #maxReadSize()}.
     *
     * @param meta if not null, receives the flags of this piece of data (OOB, end of message); if null,
     *     OOB data is dropped
     */
    int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException;

    default int read(byte[] buf, int off, int len) throws IOException {
        return read(buf, off, len, null);
    }

    /**
     * Writes all of {@code len} bytes, blocking while the layer cannot take more (flow control).
     *
     * @param flags a combination of {@link WriteFlags} bits; 0 for ordinary data
     */
    void write(byte[] buf, int off, int len, int flags) throws IOException;

    default void write(byte[] buf, int off, int len) throws IOException {
        write(buf, off, len, 0);
    }

    default void write(byte[] buf) throws IOException {
        write(buf, 0, buf.length, 0);
    }

    /**
     * Pushes data that a coalescing layer (relpkt, ssl) may still hold back out to the wire now.
     * Interactive programs call this after each keystroke batch.
     */
    default void flush() throws IOException {
        Gensio child = child();
        if (child != null) {
            child.flush();
        }
    }

    /**
     * Half-close: no more writes from this side; the peer sees end of stream; reading goes on until the
     * peer closes too. Layers that cannot half-close throw {@link UnsupportedOperationException}.
     */
    void closeWrite() throws IOException;

    /** Orderly close: flushes what was written, tells the peer, releases the resources. Idempotent. */
    @Override
    void close() throws IOException;

    /** Immediate close: drops buffered data and releases everything; never blocks, never throws. */
    void abort();

    /** True once {@link #close()} or {@link #abort()} was called, or the connection failed. */
    boolean isClosed();

    /** Data arrives intact and in order, or the connection reports failure. */
    default boolean isReliable() {
        return true;
    }

    /** One read returns one packet; one write sends one packet. */
    default boolean isPacket() {
        return false;
    }

    /** Data is encrypted on the wire (this layer or one below). */
    default boolean isEncrypted() {
        Gensio child = child();
        return child != null && child.isEncrypted();
    }

    /** The peer has been authenticated (this layer or one below). */
    default boolean isAuthenticated() {
        Gensio child = child();
        return child != null && child.isAuthenticated();
    }

    /** The largest read this gensio may return at once; the size of a reader's buffer. */
    default int maxReadSize() {
        return 65536;
    }

    /**
     * Reads a control value (a peer certificate, a window size, serial settings...). A filter that does
     * not own the control asks its child, so the top of a stack answers for the whole stack.
     */
    default <T> Optional<T> get(Control<T> control) {
        Gensio child = child();
        return child == null ? Optional.empty() : child.get(control);
    }

    /**
     * Sets a control value (window size, break, baud rate...). Returns false when no layer of the stack
     * supports it.
     */
    default <T> boolean set(Control<T> control, T value) throws IOException {
        Gensio child = child();
        return child != null && child.set(control, value);
    }

    /** A printable local address, such as {@code ipv4,127.0.0.1,852}. */
    default String localAddress() {
        Gensio child = child();
        return child == null ? "" : child.localAddress();
    }

    /** A printable remote address, such as {@code ipv6,::1,4711}. */
    default String remoteAddress() {
        Gensio child = child();
        return child == null ? "" : child.remoteAddress();
    }

    /** A blocking stream view of ordinary (non-OOB) data, for code that wants streams. */
    default InputStream inputStream() {
        return new GensioStreams.In(this);
    }

    /** A blocking stream view for writing; {@code close()} on it half-closes. */
    default OutputStream outputStream() {
        return new GensioStreams.Out(this);
    }
}
