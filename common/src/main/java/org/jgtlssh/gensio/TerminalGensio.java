package org.jgtlssh.gensio;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Common state of a terminal layer (the bottom of a stack: a socket, a pty, a serial port): its name,
 * its read size and the closed flag. A terminal has no child and, by itself, neither encrypts nor
 * authenticates.
 */
public abstract class TerminalGensio implements Gensio {
    private final String type;
    private final int readbuf;
    /** Set once by close or abort; subclasses use compareAndSet so the release runs once. */
    protected final AtomicBoolean closed = new AtomicBoolean();

    protected TerminalGensio(String type, int readbuf) {
        this.type = type;
        this.readbuf = readbuf;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Gensio child() {
        return null;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public final boolean isEncrypted() {
        return false;
    }

    @Override
    public final boolean isAuthenticated() {
        return false;
    }

    @Override
    public int maxReadSize() {
        return readbuf;
    }
}
