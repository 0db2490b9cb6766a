package org.jgtlssh.gensio.relpkt;

import java.util.Map;

/**
 * The receiving half of a {@link RelpktLink}: the reassembly ring, in-order delivery into the
 * application buffer (whose fullness holds the ACK back: that is relpkt's flow control), and the
 * requests for missing packets. Kept apart from the link because loss recovery on a noisy line is
 * mostly decided here, and it is easier to reason about (and test) without the handshake around it.
 * Not thread-safe: the link's caller holds one lock around every call.
 *
 * <pre>
 *   D = next SEQ to deliver (the ACK we send), X = one past the highest SEQ seen in order.
 *        D                 X
 *   ... [ok][--][ok][--][ok] ...      [--] = a hole: asked for with RESEND(first, last)
 *   a DATA beyond X opens a hole (X..SEQ-1) that is asked for at once, as gensio does;
 *   a hole still empty one repair time after it was asked for is asked for again (gensio asks once and
 *   leaves the rest to the sender's timer, which costs seconds on a line that loses one frame in three).
 * </pre>
 *
 * <p>The repair time is measured here, from a request to the arrival of the packet it named (only
 * holes asked for once give a sample), so it includes whatever the sender had queued in front of the
 * retransmission. Re-requests are always inside the sender's [U, N), so a gensio sender accepts them.
 */
final class RelpktReceiver {
    private static final long MS = 1_000_000L;
    /** Before the first sample: long enough for a few frames queued at 115200 baud. */
    private static final long INITIAL_REPAIR_WAIT = 200 * MS;
    /** Only binds on a fast line; a premature request costs a few bytes and at most one duplicate. */
    private static final long MIN_REPAIR_WAIT = 5 * MS;

    private int maxPacketSize;
    private final byte[][] slot = new byte[256][];
    private final int[] len = new int[256];
    private final boolean[] has = new boolean[256];
    /** When each missing SEQ was last asked for, and how often. */
    private final long[] askedAt = new long[256];
    private final int[] asks = new int[256];
    private int window;
    private int d;
    private int x;
    private final byte[] app;
    private int appHead;
    private int appCount;
    /** The application closed: ACK and drop, as gensio does. */
    private boolean discarding;
    private boolean ackDue;

    private final int[] resendPairs = new int[RelpktCodec.MAX_RESEND_PAIRS * 2];
    private int resendCount;
    private long repairSrtt = -1;
    private long repairVar;
    private long askDeadline = Long.MAX_VALUE;

    private long bytesDelivered;
    private long duplicates;
    private long outOfWindow;
    private long discardedAfterClose;
    private long resendsSent;
    private long reRequests;

    RelpktReceiver(int window, int maxPacketSize, int appBufferSize) {
        this.window = window;
        this.maxPacketSize = maxPacketSize;
        this.app = new byte[appBufferSize];
    }

    /** Raises the largest payload accepted (before any DATA arrived: slots are allocated at this size). */
    void setMaxPacketSize(int n) {
        maxPacketSize = n;
    }

    void setWindow(int w) {
        window = w;
    }

    /** The ACK byte: the next SEQ to deliver. */
    int ack() {
        return d;
    }

    /** A DATA payload from the peer (its ACK was already checked and processed by the link). */
    void onData(int seq, byte[] b, int off, int n, long now) {
        int ahead = (seq - d) & 0xFF;
        if (ahead >= window) {
            outOfWindow++; // an old duplicate or beyond our window: re-ACK so a sender that lost our ACK learns D
            ackDue = true;
            return;
        }
        int inOrder = (x - d) & 0xFF;
        if (seq == x) {
            x = (x + 1) & 0xFF;
        } else if (ahead >= inOrder) {
            int first = x;
            int last = (seq - 1) & 0xFF;
            queueResend(first, last);
            for (int s = first; s != seq; s = (s + 1) & 0xFF) {
                askedAt[s] = now;
                asks[s] = 1;
            }
            x = (seq + 1) & 0xFF;
        }
        if (has[seq]) {
            duplicates++;
            return;
        }
        if (ahead < inOrder && asks[seq] == 1) {
            repairSample(now - askedAt[seq]); // Karn: a hole asked for twice gives no clean sample
        }
        asks[seq] = 0;
        if (slot[seq] == null) {
            slot[seq] = new byte[maxPacketSize];
        }
        System.arraycopy(b, off, slot[seq], 0, n);
        len[seq] = n;
        has[seq] = true;
        deliver();
        updateAskDeadline();
    }

    private void repairSample(long r) {
        if (repairSrtt < 0) {
            repairSrtt = r;
            repairVar = r / 2;
        } else {
            long err = r - repairSrtt;
            repairSrtt += err / 8;
            repairVar += (Math.abs(err) - repairVar) / 4;
        }
    }

    /** How long a request is given to be answered before it is repeated. */
    long repairWait() {
        if (repairSrtt < 0) {
            return INITIAL_REPAIR_WAIT;
        }
        return Math.max(MIN_REPAIR_WAIT, repairSrtt + 4 * repairVar);
    }

    /** When {@link #onTimer} is due (Long.MAX_VALUE: no hole). */
    long deadline() {
        return askDeadline;
    }

    /** Asks again for the holes whose request went unanswered for a repair time. */
    void onTimer(long now) {
        if (now < askDeadline || resendCount > 0) {
            return;
        }
        long wait = repairWait();
        int span = (x - d) & 0xFF;
        int k = 0;
        while (k < span && resendCount < RelpktCodec.MAX_RESEND_PAIRS) {
            int s = (d + k) & 0xFF;
            if (has[s] || now - askedAt[s] < wait) {
                k++;
                continue;
            }
            int start = k;
            while (k < span && !has[(d + k) & 0xFF] && now - askedAt[(d + k) & 0xFF] >= wait) {
                int t = (d + k) & 0xFF;
                askedAt[t] = now;
                asks[t]++;
                k++;
            }
            queueResend(s, (d + k - 1) & 0xFF);
            reRequests += k - start;
        }
        updateAskDeadline();
    }

    private void updateAskDeadline() {
        long dl = Long.MAX_VALUE;
        long wait = repairWait();
        int span = (x - d) & 0xFF;
        for (int k = 0; k < span; k++) {
            int s = (d + k) & 0xFF;
            if (!has[s]) {
                dl = Math.min(dl, askedAt[s] + wait);
            }
        }
        askDeadline = dl;
    }

    private void queueResend(int first, int last) {
        if (resendCount < RelpktCodec.MAX_RESEND_PAIRS) {
            resendPairs[2 * resendCount] = first;
            resendPairs[2 * resendCount + 1] = last;
            resendCount++;
        }
    }

    /** The pending RESEND (sized for the trailer), or null. */
    byte[] takeResend(int trailer) {
        if (resendCount == 0) {
            return null;
        }
        byte[] m = new byte[1 + 2 * resendCount + trailer];
        RelpktCodec.encodeResend(resendPairs, resendCount, m, 0);
        resendCount = 0;
        resendsSent++;
        return m;
    }

    /** Whether a pure ACK is owed (deliveries or an out-of-window packet since the last one); clears it. */
    boolean takeAckDue() {
        boolean a = ackDue;
        ackDue = false;
        return a;
    }

    /** A DATA went out: it carries the ACK. */
    void ackSent() {
        ackDue = false;
    }

    /** The keepalive: a pure ACK at a tick without outgoing data. */
    void requestAck() {
        ackDue = true;
    }

    private void deliver() {
        while (has[d]) {
            int n = len[d];
            if (discarding) {
                discardedAfterClose += n;
            } else {
                if (app.length - appCount < n) {
                    return; // flow control: the application is slow, so D and the ACK wait
                }
                int tail = (appHead + appCount) % app.length;
                int first = Math.min(n, app.length - tail);
                System.arraycopy(slot[d], 0, app, tail, first);
                System.arraycopy(slot[d], first, app, 0, n - first);
                appCount += n;
                bytesDelivered += n;
            }
            has[d] = false;
            d = (d + 1) & 0xFF;
            ackDue = true;
        }
    }

    /** Copies up to {@code n} delivered bytes; 0 when none are buffered. */
    int read(byte[] b, int off, int n) {
        n = Math.min(n, appCount);
        if (n == 0) {
            return 0;
        }
        int first = Math.min(n, app.length - appHead);
        System.arraycopy(app, appHead, b, off, first);
        System.arraycopy(app, 0, b, off + first, n - first);
        appHead = (appHead + n) % app.length;
        appCount -= n;
        deliver(); // room freed: slots held back by flow control move up, and their ACK goes out
        return n;
    }

    int available() {
        return appCount;
    }

    /** The application closed: drop what is buffered and whatever arrives from now on (still ACKed). */
    void discard() {
        discarding = true;
        appCount = 0;
        deliver();
    }

    void addCounters(Map<String, Long> m) {
        m.put("bytes-delivered", bytesDelivered);
        m.put("resend-requests-sent", resendsSent);
        m.put("holes-re-requested", reRequests);
        m.put("duplicates", duplicates);
        m.put("out-of-window", outOfWindow);
        m.put("discarded-after-close", discardedAfterClose);
        m.put("repair-wait-us", repairWait() / 1000);
    }

    long bytesDelivered() {
        return bytesDelivered;
    }
}
