package org.jgtlssh.gensio.mux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgtlssh.gensio.ForwardingGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;

/** Two of our mux ends over an in-memory pipe, each side's wire output recorded. */
final class MuxPair implements AutoCloseable {
    final Tap clientWire;
    final Tap serverWire;
    final MuxChannel client;
    final MuxChannel server;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<java.util.Map<String, Long>> stats = new CopyOnWriteArrayList<>();

    MuxPair(MuxOptions clientOpts, MuxOptions serverOpts) throws Exception {
        this(clientOpts, serverOpts, OpenContext.DEFAULT);
    }

    MuxPair(MuxOptions clientOpts, MuxOptions serverOpts, OpenContext base) throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        clientWire = new Tap(p[0]);
        serverWire = new Tap(p[1]);
        OpenContext ctx = base.withListener(new GensioListener() {
            @Override
            public void event(String layer, String event, java.util.Map<String, Object> data) {
                events.add(event + data);
            }

            @Override
            public void stats(String layer, java.util.Map<String, Long> counters) {
                stats.add(counters);
            }
        });
        CompletableFuture<MuxChannel> s = CompletableFuture.supplyAsync(() -> {
            try {
                return MuxFactory.open(serverWire, serverOpts, ctx);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        client = MuxFactory.open(clientWire, clientOpts, ctx);
        server = s.get(10, TimeUnit.SECONDS);
    }

    static MuxPair defaults() throws Exception {
        return new MuxPair(MuxOptions.defaults(Role.CLIENT), MuxOptions.defaults(Role.SERVER));
    }

    @Override
    public void close() {
        client.session().abort();
        server.session().abort();
    }

    /** One read with flags. */
    record Piece(String text, boolean oob, boolean eom) {}

    static Piece readPiece(Gensio g) throws IOException {
        byte[] b = new byte[65536];
        ReadMeta m = new ReadMeta();
        int r = g.read(b, 0, b.length, m);
        return r < 0 ? null : new Piece(new String(b, 0, r, java.nio.charset.StandardCharsets.ISO_8859_1), m.oob(), m.endOfMessage());
    }

    /** Decodes every frame a side wrote. */
    static List<MuxMessage> frames(Tap t) throws Exception {
        byte[] w = t.written();
        List<MuxMessage> out = new ArrayList<>();
        int off = 0;
        while (off < w.length) {
            var d = MuxCodec.decode(w, off, w.length - off);
            if (d == null) {
                break;
            }
            out.add(d.message());
            off += d.length();
        }
        return out;
    }

    /** A child gensio that records what is written through it. */
    static final class Tap extends ForwardingGensio {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicBoolean closed = new AtomicBoolean();

        Tap(Gensio inner) {
            super(inner);
        }

        byte[] written() {
            synchronized (written) {
                return written.toByteArray();
            }
        }

        @Override
        public String type() {
            return "tap";
        }

        @Override
        public void write(byte[] buf, int off, int len, int flags) throws IOException {
            synchronized (written) {
                written.write(buf, off, len);
            }
            delegate.write(buf, off, len, flags);
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            delegate.close();
        }

        @Override
        public void abort() {
            closed.set(true);
            delegate.abort();
        }

        @Override
        public boolean isClosed() {
            return closed.get();
        }
    }
}
