package org.jgtlssh.gensio;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Common state of a filter layer: its child, its name, and the closed flag. Subclasses implement the
 * protocol in {@link #read} and {@link #write} and their own close handshake in {@link #closeLayer()}.
 */
public abstract class FilterGensio implements Gensio {
    protected final Gensio child;
    private final String type;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected FilterGensio(String type, Gensio child) {
        this.type = type;
        this.child = child;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Gensio child() {
        return child;
    }

    @Override
    public void closeWrite() throws IOException {
        throw new UnsupportedOperationException(type + " cannot half-close");
    }

    @Override
    public final void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            try {
                closeLayer();
            } finally {
                child.close();
            }
        }
    }

    /** This layer's orderly close handshake (send a close message...). The child is closed afterwards. */
    protected void closeLayer() throws IOException {}

    @Override
    public void abort() {
        closed.set(true);
        child.abort();
    }

    /** Marks the layer closed without the close handshake (after a fatal error). */
    protected final void markClosed() {
        closed.set(true);
    }

    @Override
    public boolean isClosed() {
        return closed.get() || child.isClosed();
    }
}
