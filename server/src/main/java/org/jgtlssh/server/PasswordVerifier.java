package org.jgtlssh.server;

/**
 * Checks a password (and, when asked, a second factor) for a user. One method, so the policy is
 * swappable: {@link PamPasswordVerifier} in production, anything else in tests.
 */
@FunctionalInterface
public interface PasswordVerifier {
    enum Result {
        /** The password (and second factor) are right and the account may log in now. */
        ACCEPTED,
        /** Wrong password, unknown user, expired or locked account: the same answer for all. */
        REJECTED,
        /** The check itself failed (PAM misconfigured, library missing): logged, treated as rejected. */
        ERROR
    }

    /**
     * @param password the password bytes; the caller clears them afterwards
     * @param secondFactor the 2FA answer, or null
     * @param remoteHost the peer's address for PAM_RHOST
     */
    Result verify(String user, byte[] password, byte[] secondFactor, String remoteHost);
}
