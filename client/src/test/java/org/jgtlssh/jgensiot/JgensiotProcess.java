package org.jgtlssh.jgensiot;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.OurJvm;

/**
 * Starts jgensiot as its own process on the test class path, with the same JVM options as the
 * launcher ({@link OurJvm}), so the scenario tests run in
 * {@code mvn verify} before anything is packaged. The launcher itself is tested in
 * {@link LauncherIT}, after packaging.
 */
final class JgensiotProcess {
    private JgensiotProcess() {}

    static List<String> command(String... args) {
        return OurJvm.command(Jgensiot.class, List.of(args));
    }

    /** Starts jgensiot; stdout is captured by the ManagedProcess. */
    static ManagedProcess start(String... args) throws IOException {
        return ManagedProcess.start(command(args), Map.of(), null, true);
    }

    /** The command as one sh-quoted line, for wrappers (socat EXEC, a pty). */
    static String shellLine(String... args) {
        return OurJvm.shellLine(command(args));
    }
}
