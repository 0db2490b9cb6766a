package org.jgtlssh.gensio;

import java.io.IOException;
import java.util.Optional;

/**
 * A gensio that passes every call to another one; a subclass overrides only what it changes (conacc's
 * offered connection releases the accepter on close; a test tap records writes or fails a read). It is
 * not a layer of its own: {@code type()} and {@code child()} are the delegate's, so a stack looks the same
 * with or without it. Stream views and the convenience overloads come from {@link Gensio} and end in the
 * methods below.
 */
public abstract class ForwardingGensio implements Gensio {
    protected final Gensio delegate;

    protected ForwardingGensio(Gensio delegate) {
        this.delegate = delegate;
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public Gensio child() {
        return delegate.child();
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        return delegate.read(buf, off, len, meta);
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        delegate.write(buf, off, len, flags);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void closeWrite() throws IOException {
        delegate.closeWrite();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public void abort() {
        delegate.abort();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public boolean isReliable() {
        return delegate.isReliable();
    }

    @Override
    public boolean isPacket() {
        return delegate.isPacket();
    }

    @Override
    public boolean isEncrypted() {
        return delegate.isEncrypted();
    }

    @Override
    public boolean isAuthenticated() {
        return delegate.isAuthenticated();
    }

    @Override
    public int maxReadSize() {
        return delegate.maxReadSize();
    }

    @Override
    public <T> Optional<T> get(Control<T> control) {
        return delegate.get(control);
    }

    @Override
    public <T> boolean set(Control<T> control, T value) throws IOException {
        return delegate.set(control, value);
    }

    @Override
    public String localAddress() {
        return delegate.localAddress();
    }

    @Override
    public String remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
