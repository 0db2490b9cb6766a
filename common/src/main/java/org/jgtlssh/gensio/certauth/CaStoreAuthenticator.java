package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Optional;
import org.jgtlssh.gensio.ssl.CaStore;

/**
 * gensio's {@code CA=} semantics: any certificate that verifies against the store (a PEM file, or a
 * hashed directory with {@code /}) logs in, for any user name. Read afresh for each login, so a rehashed
 * directory takes effect at once. The per-user policy of gtlsshd is {@link AllowedCertsAuthenticator}.
 */
public final class CaStoreAuthenticator implements CertificateAuthenticator {
    private final String path;

    public CaStoreAuthenticator(String path) {
        this.path = path;
    }

    @Override
    public Optional<String> authenticate(String username, X509Certificate certificate) throws IOException {
        CaStore store = CaStore.load(path);
        CaStore.Result r = store.check(new X509Certificate[] {certificate}, new Date());
        if (!r.ok()) {
            return Optional.empty();
        }
        return Optional.of(path + store.sourceOf(r.anchor()).orElse(""));
    }
}
