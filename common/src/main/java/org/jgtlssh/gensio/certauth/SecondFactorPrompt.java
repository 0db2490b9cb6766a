package org.jgtlssh.gensio.certauth;

import java.io.IOException;

/** Client callback: the server asked for a second factor. Returns 1..2048 bytes, or null to give up. */
@FunctionalInterface
public interface SecondFactorPrompt {
    byte[] secondFactor(String username) throws IOException;
}
