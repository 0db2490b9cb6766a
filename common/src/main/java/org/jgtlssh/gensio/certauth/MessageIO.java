package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.util.Arrays;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.ProtocolException;

/**
 * Blocking message exchange over the child during authentication: reads through the bounded
 * {@link CertauthDecoder} and keeps whatever follows the last message (application data the server may
 * send right after SERVERDONE) for the pass-through phase.
 */
final class MessageIO {
    private final Gensio child;
    private final CertauthDecoder decoder = new CertauthDecoder();
    private final byte[] buf;
    private int pos;
    private int lim;

    private final String peer;

    MessageIO(Gensio child) {
        this(child, "peer");
    }

    /** @param peer who the other end is ("server", "client"), for error messages */
    MessageIO(Gensio child, String peer) {
        this.child = child;
        this.peer = peer;
        this.buf = new byte[Math.max(4096, Math.min(child.maxReadSize(), 1 << 16))];
    }

    /** The next message; end of stream is an error naming {@code waitingFor}. */
    CertauthMessage read(String waitingFor) throws IOException {
        while (true) {
            if (pos < lim) {
                pos += decoder.feed(buf, pos, lim - pos);
                if (decoder.message() != null) {
                    return decoder.take();
                }
            }
            int n = child.read(buf, 0, buf.length);
            if (n < 0) {
                throw new GensioException("certauth", "the " + peer + " closed the connection while we waited for "
                        + waitingFor + (peer.equals("server") ? " (a gensio server closes like this when it refuses)" : ""));
            }
            pos = 0;
            lim = n;
        }
    }

    /** Reads a message of the given type (a client also takes SERVERDONE at any time). */
    CertauthMessage expect(int type, boolean serverDoneAllowed) throws IOException {
        CertauthMessage m = read(CertauthMessage.typeName(type));
        if (m.type() != type && !(serverDoneAllowed && m.type() == CertauthMessage.SERVERDONE)) {
            throw new ProtocolException("certauth", "protocol error: got " + CertauthMessage.typeName(m.type())
                    + " while waiting for " + CertauthMessage.typeName(type));
        }
        return m;
    }

    void write(CertauthMessage m) throws IOException {
        byte[] b = m.encode();
        try {
            child.write(b, 0, b.length, 0);
            child.flush();
        } finally {
            Arrays.fill(b, (byte) 0); // may hold a password
        }
    }

    /** Bytes received after the last message: they belong to the application. */
    byte[] leftover() {
        return Arrays.copyOfRange(buf, pos, lim);
    }
}
