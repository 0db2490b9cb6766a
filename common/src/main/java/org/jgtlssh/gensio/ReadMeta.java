package org.jgtlssh.gensio;

/**
 * The flags of one read, filled in by the layer. Reused across reads by the caller, so a read loop
 * allocates nothing.
 */
public final class ReadMeta {
    private boolean oob;
    private boolean endOfMessage;

    public boolean oob() {
        return oob;
    }

    public boolean endOfMessage() {
        return endOfMessage;
    }

    /** Called by a layer before it fills in the flags of a read. */
    public void set(boolean oob, boolean endOfMessage) {
        this.oob = oob;
        this.endOfMessage = endOfMessage;
    }

    public void clear() {
        set(false, false);
    }
}
