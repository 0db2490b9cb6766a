package org.jgtlssh.gensio.certauth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jgtlssh.gensio.ProtocolException;

/**
 * Decodes one certauth message at a time from bytes fed in any pieces. Pure (no I/O), and bounded: an
 * element is at most {@link CertauthMessage#MAX_ELEMENT} bytes and a message at most
 * {@code maxElements} elements, so a message never holds more than about
 * {@code maxElements * 2051} bytes, whatever the peer sends. Every violation of the framing rules
 * (spec/certauth.md 2.2-2.4) is a {@link ProtocolException}; nothing else is thrown.
 */
public final class CertauthDecoder {
    /** More elements than any legitimate message has (CHALLENGE_RESPONSE: 3, plus DUMMY_DATA repeats). */
    public static final int DEFAULT_MAX_ELEMENTS = 16;

    private enum State { TYPE, ID, LEN1, LEN2, VALUE }

    private final int maxElements;
    private State state = State.TYPE;
    private int type;
    private int id;
    private int len;
    private byte[] value;
    private int filled;
    private final List<CertauthMessage.Element> elements = new ArrayList<>();
    private final Set<Integer> seen = new HashSet<>();
    private CertauthMessage done;

    public CertauthDecoder() {
        this(DEFAULT_MAX_ELEMENTS);
    }

    public CertauthDecoder(int maxElements) {
        this.maxElements = maxElements;
    }

    /**
     * Feeds bytes; stops right after a message's END byte. Returns how many bytes were used; the rest
     * belongs to whatever follows (the next message, or application data after SERVERDONE).
     */
    public int feed(byte[] b, int off, int len) throws ProtocolException {
        int i = off;
        int end = off + len;
        while (i < end && done == null) {
            int c = b[i] & 0xff;
            switch (state) {
                case TYPE -> {
                    if (c < CertauthMessage.CLIENTHELLO || c > CertauthMessage.SERVERDONE) {
                        throw error("invalid message type " + c);
                    }
                    type = c;
                    state = State.ID;
                    i++;
                }
                case ID -> {
                    i++;
                    if (c == CertauthMessage.END) {
                        done = new CertauthMessage(type, elements);
                        break;
                    }
                    if (c < CertauthMessage.VERSION || c > CertauthMessage.AUX_DATA) {
                        throw error("invalid element id " + c + " in " + CertauthMessage.typeName(type));
                    }
                    if (elements.size() >= maxElements) {
                        throw error("too many elements in " + CertauthMessage.typeName(type));
                    }
                    if (c != CertauthMessage.DUMMY_DATA && !seen.add(c)) {
                        throw error("element " + c + " repeated in " + CertauthMessage.typeName(type));
                    }
                    id = c;
                    state = State.LEN1;
                }
                case LEN1 -> {
                    this.len = c << 8;
                    state = State.LEN2;
                    i++;
                }
                case LEN2 -> {
                    this.len |= c;
                    i++;
                    if (this.len < 1 || this.len > CertauthMessage.MAX_ELEMENT) {
                        throw error("element " + id + " has length " + this.len + " (allowed 1.."
                                + CertauthMessage.MAX_ELEMENT + ")");
                    }
                    if ((id == CertauthMessage.VERSION || id == CertauthMessage.RESULT
                            || id == CertauthMessage.PASSWORD_TYPE) && this.len != 2) {
                        throw error("element " + id + " must be 2 bytes long, not " + this.len);
                    }
                    value = new byte[this.len]; // bounded by MAX_ELEMENT just above
                    filled = 0;
                    state = State.VALUE;
                }
                case VALUE -> {
                    int n = Math.min(end - i, this.len - filled);
                    System.arraycopy(b, i, value, filled, n);
                    filled += n;
                    i += n;
                    if (filled == this.len) {
                        CertauthMessage.Element e = new CertauthMessage.Element(id, value);
                        if ((id == CertauthMessage.VERSION || id == CertauthMessage.RESULT
                                || id == CertauthMessage.PASSWORD_TYPE) && e.u16() == 0) {
                            throw error("element " + id + " must not be zero");
                        }
                        elements.add(e);
                        value = null;
                        state = State.ID;
                    }
                }
            }
        }
        return i - off;
    }

    /** The decoded message once its END byte was fed, else null. */
    public CertauthMessage message() {
        return done;
    }

    /** Takes the decoded message and gets ready for the next one. */
    public CertauthMessage take() {
        CertauthMessage m = done;
        done = null;
        state = State.TYPE;
        elements.clear();
        seen.clear();
        return m;
    }

    /** True when no part of a message has been fed since the last {@link #take()}. */
    public boolean idle() {
        return state == State.TYPE && done == null;
    }

    private static ProtocolException error(String what) {
        return new ProtocolException("certauth", "protocol error: " + what);
    }
}
