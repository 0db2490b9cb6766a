package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.FilterGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.ssl.Deadline;

/**
 * The {@code certauth} filter: runs one authentication exchange over its child in {@link #open}, then
 * passes bytes through untouched (no framing remains, spec/certauth.md 1). Bytes the peer sent right
 * after SERVERDONE are handed out first.
 */
public final class CertauthGensio extends FilterGensio {
    private final CertauthOptions opts;
    private final AuthResult result;
    private final String username;
    private final byte[] service;
    private final byte[] aux;
    private final Object leftoverLock = new Object();
    private byte[] leftover;
    private int leftoverPos;

    private CertauthGensio(Gensio child, CertauthOptions opts, AuthResult result, String username, byte[] service,
            byte[] aux, byte[] leftover) {
        super("certauth", child);
        this.opts = opts;
        this.result = result;
        this.username = username;
        this.service = service;
        this.aux = aux;
        this.leftover = leftover;
    }

    /**
     * Authenticates over {@code child} within {@code con-timeout}. A server whose client was refused
     * closes the child in order (so the RESULT reaches the client) and throws, unless
     * {@code allow-authfail}: then the connection opens with {@link AuthResult.Refused} as its result.
     */
    public static CertauthGensio open(CertauthOptions o, Gensio child, OpenContext ctx) throws IOException {
        if (!child.isReliable()) {
            throw new GensioException("certauth", "the child '" + child.type() + "' is not reliable");
        }
        try (Deadline d = Deadline.start(child, o.timeout())) {
            try {
                CertauthGensio g = o.role() == Role.CLIENT ? client(o, child, ctx) : server(o, child, ctx);
                if (d.expired()) {
                    throw timedOut(o);
                }
                return g;
            } catch (IOException e) {
                if (d.expired()) {
                    throw timedOut(o);
                }
                throw e;
            }
        }
    }

    private static GensioException timedOut(CertauthOptions o) {
        return new GensioException("certauth", "authentication timed out after " + o.timeout().toMillis() + " ms");
    }

    private static CertauthGensio client(CertauthOptions o, Gensio child, OpenContext ctx) throws IOException {
        byte[] left = CertauthClient.run(o, child, ctx);
        return new CertauthGensio(child, o, null, o.username(), o.service(), null, left);
    }

    private static CertauthGensio server(CertauthOptions o, Gensio child, OpenContext ctx) throws IOException {
        CertauthServer.Outcome out = CertauthServer.run(o, child, ctx);
        if (!out.result().authenticated() && !o.allowAuthfail()) {
            try {
                child.close(); // orderly, so RESULT 2 is delivered before the connection goes
            } catch (IOException ignored) {
                // the client may already be gone
            }
            throw new GensioException("certauth", "authentication refused"
                    + (out.username() == null ? "" : " for user '" + out.username() + "'"));
        }
        return new CertauthGensio(child, o, out.result(), out.username(), out.service(), out.aux(), out.leftover());
    }

    /** Server: the outcome. Client: null. */
    public AuthResult result() {
        return result;
    }

    @Override
    public int read(byte[] buf, int off, int len, ReadMeta meta) throws IOException {
        synchronized (leftoverLock) {
            if (leftover != null) {
                if (meta != null) {
                    meta.clear();
                }
                int n = Math.min(len, leftover.length - leftoverPos);
                if (n > 0) {
                    System.arraycopy(leftover, leftoverPos, buf, off, n);
                    leftoverPos += n;
                }
                if (leftoverPos >= leftover.length) {
                    leftover = null;
                }
                if (n > 0) {
                    return n;
                }
            }
        }
        return child.read(buf, off, len, meta);
    }

    @Override
    public void write(byte[] buf, int off, int len, int flags) throws IOException {
        child.write(buf, off, len, flags);
    }

    @Override
    public void closeWrite() throws IOException {
        child.closeWrite();
    }

    @Override
    public boolean isAuthenticated() {
        if (opts.role() == Role.SERVER) {
            return result != null && result.authenticated();
        }
        return super.isAuthenticated();
    }

    @Override
    public boolean isPacket() {
        return child.isPacket();
    }

    @Override
    public int maxReadSize() {
        return child.maxReadSize();
    }

    @Override
    public <T> Optional<T> get(Control<T> control) {
        if (control.equals(Certauth.RESULT)) {
            return Optional.ofNullable(result).map(control::cast);
        }
        if (control.equals(Controls.USERNAME)) {
            boolean known = opts.role() == Role.CLIENT || (result != null && result.authenticated());
            return known && username != null ? Optional.of(control.cast(username)) : Optional.empty();
        }
        if (control.equals(Controls.SERVICE) && service != null) {
            return Optional.of(control.cast(new String(service, StandardCharsets.ISO_8859_1)));
        }
        if (control.equals(Certauth.SERVICE_BYTES) && service != null) {
            return Optional.of(control.cast(service.clone()));
        }
        if (control.equals(Certauth.AUX_DATA) && aux != null) {
            return Optional.of(control.cast(aux.clone()));
        }
        return super.get(control);
    }

    @Override
    public String toString() {
        return "certauth(" + opts.role().name().toLowerCase(java.util.Locale.ROOT) + ") over " + child;
    }
}
