package org.jgtlssh.gensio.certauth;

import java.io.IOException;

/** Server policy: is this the user's second factor (a one-time code...)? Same rules as {@link PasswordChecker}. */
@FunctionalInterface
public interface SecondFactorChecker {
    boolean check(String username, byte[] secondFactor) throws IOException;
}
