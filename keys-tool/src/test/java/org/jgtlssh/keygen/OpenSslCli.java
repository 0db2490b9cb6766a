package org.jgtlssh.keygen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgtlssh.testutil.ManagedProcess;

/** The real openssl tool, for reference values. */
final class OpenSslCli {
    private OpenSslCli() {}

    static String ok(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd)) {
            p.stdin().close();
            int code = p.waitFor(Duration.ofSeconds(30));
            if (code != 0) {
                throw new AssertionError("openssl " + String.join(" ", args) + ": " + p.err());
            }
            return p.out();
        }
    }
}
