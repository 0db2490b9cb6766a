package org.jgtlssh.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real gensio 2.6.2 binaries (Debian's gensio-bin). Interop tests need them; CI installs them, so a
 * missing binary is a failure, not a skip.
 */
public final class RealGensio {
    private RealGensio() {}

    public static String binary(String name) {
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/usr/sbin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " is not installed: apt-get install -y gensio-bin (as .ci/run does)");
    }

    public static String gensiot() {
        return binary("gensiot");
    }
}
