package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Server policy: may this certificate log in as this user? Called only after the client proved it holds
 * the certificate's key. Returns the name of what authorised it (an {@code allowed_certs} file, a CA
 * file) for the log, or empty to refuse. The username-to-certificate binding lives in implementations
 * of this one interface (see {@link AllowedCertsAuthenticator}).
 */
@FunctionalInterface
public interface CertificateAuthenticator {
    Optional<String> authenticate(String username, X509Certificate certificate) throws IOException;
}
