package org.jgtlssh.gensio.certauth;

/**
 * What a certauth server concluded: either "authenticated as user U (by certificate F, or by password)"
 * or "refused" — nothing in between. With {@code allow-authfail} the connection stays open after a
 * refusal (gtlsshd then asks for a password over the session), but the result still says refused.
 */
public sealed interface AuthResult {
    boolean authenticated();

    /**
     * @param user the USERNAME the client asked for
     * @param certificate what authorised the certificate (see {@link CertificateAuthenticator}), or null
     *     when the password authenticated
     * @param secondFactor whether a second factor was checked too
     * @param channelBound whether the certificate signature covered this TLS connection
     */
    record Authenticated(String user, String certificate, boolean secondFactor, boolean channelBound)
            implements AuthResult {
        @Override
        public boolean authenticated() {
            return true;
        }

        @Override
        public String toString() {
            return "authenticated as user " + user + (certificate != null ? " by certificate " + certificate
                    : " by password") + (secondFactor ? " and second factor" : "");
        }
    }

    /** Refused; {@code user} is what the client asked for (may be null), for the log only. */
    record Refused(String user) implements AuthResult {
        @Override
        public boolean authenticated() {
            return false;
        }

        @Override
        public String toString() {
            return "refused";
        }
    }
}
