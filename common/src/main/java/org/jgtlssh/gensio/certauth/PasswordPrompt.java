package org.jgtlssh.gensio.certauth;

import java.io.IOException;

/**
 * Client callback: the server asked for a password. Returns its bytes (at most 100; the layer wipes
 * the array after sending), or null to send none (the login then fails).
 */
@FunctionalInterface
public interface PasswordPrompt {
    byte[] password(String username) throws IOException;
}
