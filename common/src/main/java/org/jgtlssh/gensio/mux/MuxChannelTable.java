package org.jgtlssh.gensio.mux;

import java.util.HashMap;
import java.util.Map;

/**
 * The live channels of one mux connection, by our id and by the peer's, and the receive memory promised
 * to them.
 *
 * Why a class of its own: the limits a peer cannot push past live here, in one place. A peer may open
 * channels (NEW_CHANNEL) at will; each one costs an id (at most {@code max-channels}) and a receive
 * window, whose sum stays within the connection's memory budget: a new channel gets readbuf, or less
 * when the budget runs low, or is refused. Ids are handed out round-robin, so an id just freed is not
 * reused at once (a late message for the old channel would otherwise land on the new one).
 *
 * <p>Not thread-safe: guarded by the connection's lock.
 */
final class MuxChannelTable {
    private final MuxChannel[] byLocal;
    private final Map<Integer, MuxChannel> byPeer = new HashMap<>();
    private final int readbuf;
    private final long budget;
    private int nextId;
    private int live;
    private long committed;

    /** @param budget receive memory for all channels together; at least one readbuf */
    MuxChannelTable(int maxChannels, int readbuf, long budget) {
        this.byLocal = new MuxChannel[maxChannels];
        this.readbuf = readbuf;
        this.budget = Math.max(budget, readbuf);
    }

    /** A free id, or -1 when {@code max-channels} are live. */
    int allocateId() {
        if (live >= byLocal.length) {
            return -1;
        }
        for (int i = 0; i < byLocal.length; i++) {
            int id = (nextId + i) % byLocal.length;
            if (byLocal[id] == null) {
                nextId = (id + 1) % byLocal.length;
                return id;
            }
        }
        return -1;
    }

    /** The window for a new channel: readbuf, or less when the memory budget runs low; -1 if none fits. */
    int fitWindow() {
        long left = budget - committed;
        int min = Math.max(129, Math.min(readbuf, 4096));
        if (left < min) {
            return -1;
        }
        return (int) Math.min(readbuf, left);
    }

    /** Enters a channel under its own id; its window counts against the budget from now on. */
    void register(MuxChannel ch) {
        byLocal[ch.localId] = ch;
        live++;
        committed += ch.window;
    }

    /** Enters the peer's id of a registered channel, once it is known. */
    void registerPeerId(MuxChannel ch) {
        byPeer.put(ch.peerId, ch);
    }

    /** Removes a channel (both ids) and gives back its window. */
    void remove(MuxChannel ch) {
        byLocal[ch.localId] = null;
        if (ch.peerId >= 0 && byPeer.get(ch.peerId) == ch) {
            byPeer.remove(ch.peerId);
        }
        live--;
        committed -= ch.window;
    }

    /** The channel with our id {@code id} (as the peer addresses it), or null: ids come from the wire. */
    MuxChannel get(int id) {
        return id >= 0 && id < byLocal.length ? byLocal[id] : null;
    }

    /** True when a live channel has the peer's id {@code peerId} (a peer must not reuse one). */
    boolean hasPeerId(int peerId) {
        return byPeer.containsKey(peerId);
    }

    int live() {
        return live;
    }

    long budget() {
        return budget;
    }

    /** The sum of windows promised to live channels. */
    long committed() {
        return committed;
    }

    /** True when no channel is left that the application may still use. */
    boolean allUserClosed() {
        for (MuxChannel c : byLocal) {
            if (c != null && !c.userClosed) {
                return false;
            }
        }
        return true;
    }

    /** Wakes every channel's waiters (the connection failed). */
    void signalAll() {
        for (MuxChannel c : byLocal) {
            if (c != null) {
                c.changed.signalAll();
            }
        }
    }
}
