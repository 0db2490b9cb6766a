package org.jgtlssh.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;

/** Runs jgtlssh as its own process (a JVM on the test's class path), as a user or a script would. */
final class JgtlsshProcess {
    private JgtlsshProcess() {}

    static List<String> javaCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        // the native libraries of the build, as the launcher passes them: nothing extracted into /tmp
        for (String p : List.of("pty4j.preferred.native.folder", "jna.boot.library.path", "jna.nounpack",
                "jSerialComm.library.path")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Jgtlssh.class.getName()));
        return List.copyOf(cmd);
    }

    /** A shell script that runs jgtlssh with HOME set: for tmux, and for commands with redirections. */
    static Path script(Path dir, Path home) throws IOException {
        StringBuilder sb = new StringBuilder("#!/bin/sh\nHOME='" + home + "'\nexport HOME\nexec");
        for (String w : javaCommand()) {
            sb.append(" '").append(w.replace("'", "'\\''")).append('\'');
        }
        sb.append(" \"$@\"\n");
        Path s = dir.resolve("jgtlssh.sh");
        Files.writeString(s, sb.toString());
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    static ManagedProcess start(Path home, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(args);
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        return ManagedProcess.start(cmd, env, home, true);
    }
}
