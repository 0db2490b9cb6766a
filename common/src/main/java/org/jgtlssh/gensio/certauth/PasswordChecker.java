package org.jgtlssh.gensio.certauth;

import java.io.IOException;

/**
 * Server policy: is this the user's password? ({@code PAM} comes from the server module.) The array is
 * wiped by the layer after the call; implementations must compare in constant time and must not log it.
 */
@FunctionalInterface
public interface PasswordChecker {
    boolean check(String username, byte[] password) throws IOException;
}
