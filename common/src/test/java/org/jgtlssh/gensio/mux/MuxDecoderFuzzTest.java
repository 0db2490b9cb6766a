package org.jgtlssh.gensio.mux;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;

/**
 * Hostile bytes from a peer: the codec returns messages of bounded size or throws
 * {@link ProtocolException}; a whole connection fed them ends with the layer's own errors (never
 * another exception, never a hang). Seeds: the captured vectors.
 */
class MuxDecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void codecOnAnyBytes(byte[] data) {
        int off = 0;
        try {
            while (off < data.length) {
                MuxCodec.Decoded d = MuxCodec.decode(data, off, data.length - off);
                if (d == null) {
                    return; // a valid prefix
                }
                if (d.length() <= 0 || d.length() > data.length - off || d.length() > MuxCodec.MAX_FRAME) {
                    throw new AssertionError("bad length " + d.length());
                }
                // what we decode, we can encode, and it decodes to the same message
                byte[] again = MuxCodec.encode(d.message());
                if (!d.message().equals(MuxCodec.decode(again, 0, again.length).message())) {
                    throw new AssertionError("round trip changed " + d.message());
                }
                off += d.length();
            }
        } catch (ProtocolException expected) {
            // refused cleanly
        }
    }

    @FuzzTest(maxDuration = "60s")
    void serverConnectionOnAnyBytes(byte[] data) throws Exception {
        Gensio[] p = Pipe.pair(1 << 18);
        OpenContext ctx = OpenContext.DEFAULT.with(MuxSession.MAX_BUFFERED, 1L << 16);
        CompletableFuture<MuxChannel> server = CompletableFuture.supplyAsync(() -> {
            try {
                return MuxFactory.open(p[1], MuxOptions.defaults(Role.SERVER), ctx);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        p[0].write(MuxCodec.encode(new MuxMessage.Init(1)));
        p[0].write(data);
        p[0].closeWrite();
        Thread drain = Thread.ofVirtual().start(() -> {
            byte[] b = new byte[65536];
            try {
                while (p[0].read(b, 0, b.length) >= 0) {
                    // our answers are not checked here
                }
            } catch (IOException ignored) {
                // the mux aborted the pipe
            }
        });
        MuxChannel ch;
        try {
            ch = server.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof GensioException)) {
                throw new AssertionError("unexpected failure", e.getCause());
            }
            return;
        }
        byte[] b = new byte[65536];
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try {
                while (ch.read(b, 0, b.length, new org.jgtlssh.gensio.ReadMeta()) >= 0) {
                    // consume everything the peer may send
                }
            } catch (GensioException expected) {
                // the layer's own error
            } catch (IOException e) {
                throw new AssertionError("not a GensioException: " + e, e);
            }
        });
        reading.get(10, TimeUnit.SECONDS);
        ch.session().abort();
        drain.join(10_000);
    }
}
