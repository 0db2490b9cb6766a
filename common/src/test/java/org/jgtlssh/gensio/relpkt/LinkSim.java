package org.jgtlssh.gensio.relpkt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.PriorityQueue;
import java.util.Random;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.msgdelim.MsgdelimCodec;
import org.jgtlssh.gensio.msgdelim.MsgdelimDecoder;

/**
 * Two {@link RelpktLink}s joined by a seeded lossy msgdelim "cable", on a virtual clock: nothing here
 * sleeps, time jumps to the next event. Each direction serialises frames at a line rate, then drops,
 * duplicates, delays (reorders), truncates whole frames and flips single bits with the given
 * probabilities; the receiver decodes with the real msgdelim decoder, so damage is caught by the CRC
 * exactly as on a serial line.
 */
final class LinkSim {
    /** Per-frame and per-byte fault probabilities, the line rate in bytes/s (0: unlimited) and latency. */
    record Faults(double drop, double duplicate, double reorder, double truncate, double flipPerByte,
            long bytesPerSecond, long latencyNanos, double dropPerByte) {
        static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 1_000_000);

        Faults(double drop, double duplicate, double reorder, double truncate, double flipPerByte,
                long bytesPerSecond, long latencyNanos) {
            this(drop, duplicate, reorder, truncate, flipPerByte, bytesPerSecond, latencyNanos, 0);
        }

        /** What lossy-link.py does at combined rate F: each byte deleted with F/2, a bit flipped with F/2. */
        static Faults serialLine(double faultPerByte, long bytesPerSecond, long latencyNanos) {
            return new Faults(0, 0, 0, 0, faultPerByte / 2, bytesPerSecond, latencyNanos, faultPerByte / 2);
        }
    }

    private record Unit(long at, long order, byte[] bytes) {}

    final class Direction {
        final Random rnd;
        final Faults f;
        final PriorityQueue<Unit> wire = new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at)
                : Long.compare(x.order, y.order));
        final MsgdelimDecoder decoder = new MsgdelimDecoder(1024, true);
        long lineFreeAt;
        boolean first = true;
        long order;
        boolean cut; // a pulled cable: everything is lost

        Direction(long seed, Faults f) {
            this.rnd = new Random(seed);
            this.f = f;
        }

        void send(byte[] msg) {
            byte[] frame = MsgdelimCodec.encode(msg, true, first);
            first = false;
            long start = Math.max(now, lineFreeAt);
            long txTime = f.bytesPerSecond == 0 ? 0 : frame.length * 1_000_000_000L / f.bytesPerSecond;
            lineFreeAt = start + txTime;
            if (cut || rnd.nextDouble() < f.drop) {
                return;
            }
            if (rnd.nextDouble() < f.truncate) {
                frame = java.util.Arrays.copyOf(frame, rnd.nextInt(frame.length));
            }
            for (int i = 0; i < frame.length; i++) {
                if (f.flipPerByte > 0 && rnd.nextDouble() < f.flipPerByte) {
                    frame[i] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            if (f.dropPerByte > 0) {
                int k = 0;
                for (int i = 0; i < frame.length; i++) {
                    if (rnd.nextDouble() >= f.dropPerByte) {
                        frame[k++] = frame[i];
                    }
                }
                frame = java.util.Arrays.copyOf(frame, k);
            }
            long at = lineFreeAt + f.latencyNanos;
            if (rnd.nextDouble() < f.reorder) {
                at += 1 + rnd.nextInt(20) * 1_000_000L;
            }
            wire.add(new Unit(at, order++, frame));
            if (rnd.nextDouble() < f.duplicate) {
                wire.add(new Unit(at + 1_000_000L, order++, frame.clone()));
            }
        }

        void deliverDue(RelpktLink to) {
            while (!wire.isEmpty() && wire.peek().at <= now) {
                for (byte b : wire.poll().bytes) {
                    if (decoder.feed(b)) {
                        to.onPacket(decoder.buffer(), 0, decoder.messageLength(), now);
                    }
                }
            }
        }

        /**
         * A real sender blocks in write() once the pty and the UART queue are full; model that so the
         * line queue (and the RTT) stay bounded as on the real thing.
         */
        boolean canSend() {
            if (f.bytesPerSecond == 0) {
                return true;
            }
            long queued = (lineFreeAt - now) * f.bytesPerSecond / 1_000_000_000L;
            return queued < QUEUE_BYTES;
        }

        long nextAt() {
            return wire.isEmpty() ? Long.MAX_VALUE : wire.peek().at;
        }
    }

    /** Bytes a writer can queue before it blocks: pty buffer plus the relay's queue. */
    static final long QUEUE_BYTES = 4096;
    static boolean PACED = !Boolean.getBoolean("sim.unpaced");
    long now = 1_000_000_000L;
    /** The frame capacity each end advertises (0: none, as before the frame extension). */
    static int FRAME = Integer.getInteger("sim.frame", 1024);
    final RelpktLink a;
    final RelpktLink b;
    final Direction ab;
    final Direction ba;
    final byte[] dataA;
    final byte[] dataB;
    int sentA;
    int sentB;
    final ByteArrayOutputStream gotAtB = new ByteArrayOutputStream();
    final ByteArrayOutputStream gotAtA = new ByteArrayOutputStream();
    boolean wrapViolation;

    LinkSim(long seed, Faults f, RelpktOptions oa, RelpktOptions ob, int bytesA, int bytesB, GensioListener la) {
        a = new RelpktLink(oa, true, la);
        b = new RelpktLink(ob, false, null);
        // As RelpktGensio does over a default msgdelim (raised to 1024): larger frames between our ends.
        if (FRAME > 0 && !oa.sizeGiven()) {
            a.setFrameCapacity(FRAME, FRAME);
        }
        if (FRAME > 0 && !ob.sizeGiven()) {
            b.setFrameCapacity(FRAME, FRAME);
        }
        if (PACED) {
            a.setLineRate(f.bytesPerSecond); // as RelpktGensio does from the serial settings below it
            b.setLineRate(f.bytesPerSecond);
        }
        ab = new Direction(seed * 31 + 1, f);
        ba = new Direction(seed * 31 + 2, f);
        Random r = new Random(seed);
        dataA = new byte[bytesA];
        dataB = new byte[bytesB];
        r.nextBytes(dataA);
        r.nextBytes(dataB);
    }

    /** Runs until both sides have everything and closed, or a link failed, or {@code maxNanos} passed. */
    void run(long maxNanos) throws IOException {
        a.start(now);
        b.start(now);
        resume(now + maxNanos);
    }

    private boolean closing;

    /** Continues until the virtual time {@code end} (or the end of the exchange). */
    void resume(long end) throws IOException {
        byte[] buf = new byte[4096];
        while (now < end) {
            ab.deliverDue(b);
            ba.deliverDue(a);
            for (RelpktLink l : new RelpktLink[] {a, b}) {
                if (l.nextDeadline() <= now) {
                    l.onTimer(now);
                }
            }
            if (a.isOpen() && !closing) {
                sentA += a.offer(dataA, sentA, dataA.length - sentA);
                if (sentA == dataA.length) {
                    a.flush();
                }
            }
            if (b.isOpen() && !closing) {
                sentB += b.offer(dataB, sentB, dataB.length - sentB);
                if (sentB == dataB.length) {
                    b.flush();
                }
            }
            drainApp(a, gotAtA, buf);
            drainApp(b, gotAtB, buf);
            checkWrap(a);
            checkWrap(b);
            byte[] m;
            while (ab.canSend() && (m = a.pollOutput(now)) != null) {
                ab.send(m);
            }
            while (ba.canSend() && (m = b.pollOutput(now)) != null) {
                ba.send(m);
            }
            if (!closing && gotAtB.size() == dataA.length && gotAtA.size() == dataB.length
                    && a.allAcknowledged() && b.allAcknowledged()) {
                closing = true;
                a.close(now);
                continue;
            }
            if (closing && b.state() == RelpktLink.State.REMCLOSED) {
                b.close(now);
            }
            if (isDone(a) && isDone(b)) {
                return;
            }
            long next = Math.min(Math.min(ab.nextAt(), ba.nextAt()), Math.min(a.nextDeadline(), b.nextDeadline()));
            if (!ab.canSend() || !ba.canSend()) {
                next = Math.min(next, now + 1_000_000L); // a blocked writer gets going when the line drains
            }
            if (next == Long.MAX_VALUE) {
                return; // nothing can happen any more
            }
            now = Math.max(now, Math.min(next, end));
        }
    }

    private static boolean isDone(RelpktLink l) {
        return l.state() == RelpktLink.State.DONE || l.state() == RelpktLink.State.FAILED;
    }

    private static void drainApp(RelpktLink l, ByteArrayOutputStream sink, byte[] buf) throws IOException {
        int n;
        while (true) {
            try {
                n = l.read(buf, 0, buf.length);
            } catch (IOException e) {
                return; // failure: reported through state()
            }
            if (n <= 0) {
                return;
            }
            sink.write(buf, 0, n);
        }
    }

    private void checkWrap(RelpktLink l) {
        int u = l.txOldest();
        int n = l.txNext();
        if (!l.extended() && n != 0 && n < u) {
            // outstanding SEQs straddle 255 -> 0: gensio 2.6.2's receiver would drop the post-wrap ones
            wrapViolation = true;
        }
    }
}
