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
import org.jgtlssh.testutil.OurJvm;

/** Runs jgtlssh as its own process (a JVM on the test's class path), as a user or a script would. */
final class JgtlsshProcess {
    private JgtlsshProcess() {}

    static List<String> javaCommand() {
        return OurJvm.command(Jgtlssh.class, List.of());
    }

    /** A shell script that runs jgtlssh with HOME set: for tmux, and for commands with redirections. */
    static Path script(Path dir, Path home) throws IOException {
        String sh = "#!/bin/sh\nHOME=" + OurJvm.shellQuote(home.toString()) + "\nexport HOME\n"
                + OurJvm.shellLine(javaCommand()) + " \"$@\"\n";
        Path s = dir.resolve("jgtlssh.sh");
        Files.writeString(s, sh);
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
