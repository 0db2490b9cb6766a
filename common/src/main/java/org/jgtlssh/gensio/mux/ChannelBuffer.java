package org.jgtlssh.gensio.mux;

/**
 * One channel's received, not yet consumed messages: the bytes in a ring that grows on demand up to
 * the channel's window, and one int per message (remaining length and flags) in a second ring.
 *
 * <p>Memory is lazy and bounded: the peer may only send what the window allows, each message costs
 * at least 4 window bytes ({@code n + 3}, n &gt; 0), so the data ring stays below the window and the
 * descriptor ring below window/4 ints. A hostile peer sending one-byte messages cannot amplify memory
 * beyond about twice the window. Not thread-safe: the connection's lock guards it.
 */
final class ChannelBuffer {
    private static final int INITIAL = 1024;

    private final int maxBytes;
    private byte[] data = new byte[0];
    private int rpos;
    private int count;

    private int[] msgs = new int[0];
    private int mhead;
    private int mcount;

    ChannelBuffer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean isEmpty() {
        return mcount == 0;
    }

    int bytes() {
        return count;
    }

    int messages() {
        return mcount;
    }

    /** Adds a message of {@code n > 0} bytes; the caller has checked it against the window. */
    void append(byte[] src, int off, int n, boolean oob, boolean eom) {
        if (count + n > maxBytes) {
            throw new IllegalStateException("channel buffer overflow: the window check was skipped");
        }
        ensureData(count + n);
        int w = (rpos + count) % data.length;
        int first = Math.min(n, data.length - w);
        System.arraycopy(src, off, data, w, first);
        System.arraycopy(src, off + first, data, 0, n - first);
        count += n;
        if (mcount == msgs.length) {
            growMsgs();
        }
        msgs[(mhead + mcount) % msgs.length] = (n << 2) | (oob ? 2 : 0) | (eom ? 1 : 0);
        mcount++;
    }

    int headRemaining() {
        return msgs[mhead] >>> 2;
    }

    boolean headOob() {
        return (msgs[mhead] & 2) != 0;
    }

    boolean headEom() {
        return (msgs[mhead] & 1) != 0;
    }

    /**
     * Copies up to {@code len} bytes of the head message; returns how many. When that finishes the head
     * message it is removed (check {@link #isEmpty()} / the next head).
     */
    int take(byte[] dst, int off, int len) {
        int rem = headRemaining();
        int n = Math.min(len, rem);
        int first = Math.min(n, data.length - rpos);
        System.arraycopy(data, rpos, dst, off, first);
        System.arraycopy(data, 0, dst, off + first, n - first);
        consume(n, rem);
        return n;
    }

    /** Discards the rest of the head message; returns how many bytes that was. */
    int dropHead() {
        int rem = headRemaining();
        consume(rem, rem);
        return rem;
    }

    private void consume(int n, int rem) {
        rpos = count == n ? 0 : (rpos + n) % data.length;
        count -= n;
        if (n == rem) {
            mhead = (mhead + 1) % msgs.length;
            mcount--;
        } else {
            msgs[mhead] = ((rem - n) << 2) | (msgs[mhead] & 3);
        }
    }

    /** Drops everything and returns the memory. */
    void clear() {
        data = new byte[0];
        msgs = new int[0];
        rpos = count = mhead = mcount = 0;
    }

    private void ensureData(int need) {
        if (need <= data.length) {
            return;
        }
        int cap = Math.max(INITIAL, data.length);
        while (cap < need) {
            cap = (int) Math.min((long) cap * 2, maxBytes);
        }
        byte[] n = new byte[cap];
        int first = Math.min(count, data.length - rpos);
        if (count > 0) {
            System.arraycopy(data, rpos, n, 0, first);
            System.arraycopy(data, 0, n, first, count - first);
        }
        data = n;
        rpos = 0;
    }

    private void growMsgs() {
        int[] n = new int[Math.max(16, msgs.length * 2)];
        for (int i = 0; i < mcount; i++) {
            n[i] = msgs[(mhead + i) % msgs.length];
        }
        msgs = n;
        mhead = 0;
    }
}
