package org.jgtlssh.jgensiot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;

/**
 * Starts jgensiot as its own process on the test class path, with the same JVM options as the
 * launcher (native-library paths from the test JVM's own properties), so the scenario tests run in
 * {@code mvn verify} before anything is packaged. The launcher itself is tested in
 * {@link LauncherIT}, after packaging.
 */
final class JgensiotProcess {
    private JgensiotProcess() {}

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        for (String p : List.of("pty4j.preferred.native.folder", "jna.boot.library.path", "jna.nounpack",
                "jSerialComm.library.path")) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Jgensiot.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts jgensiot; stdout is captured by the ManagedProcess. */
    static ManagedProcess start(String... args) throws IOException {
        return ManagedProcess.start(command(args), Map.of(), null, true);
    }

    /** The command as one sh-quoted line, for wrappers (socat EXEC, a pty). */
    static String shellLine(String... args) {
        StringBuilder sb = new StringBuilder("exec");
        for (String a : command(args)) {
            sb.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }
}
