package org.jgtlssh.jgensiot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers in bin/, run as a user runs them, after {@code mvn package} (this class runs in the
 * integration-test phase): through symlinks, from another directory, with an unusable temp
 * directory, and with no suitable JDK.
 */
class LauncherIT {
    private static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ManagedProcess run(Path program, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        ManagedProcess p = ManagedProcess.start(cmd, env, dir, true);
        p.stdin().close();
        return p;
    }

    @Test
    void worksThroughSymlinksFromAnyDirectory() throws Exception {
        Path first = dir.resolve("a/jg");
        Files.createDirectories(first.getParent());
        Files.createSymbolicLink(first, TestPaths.bin("jgensiot"));
        Path second = dir.resolve("jg2");
        Files.createSymbolicLink(second, Path.of("a/jg")); // relative link to a link
        try (ManagedProcess p = run(second, Map.of(), "stdio,echo launched")) {
            assertEquals(0, p.waitFor(EXIT), p.err());
            assertEquals("launched\n", p.out());
        }
    }

    @Test
    void nativeLibrariesLoadFromTheBuildNotFromTmp() throws Exception {
        // an unusable temp dir: pty4j and JNA would fail here if they tried to extract anything
        Map<String, String> env = Map.of("JGTLSSH_JAVA_OPTS", "-Djava.io.tmpdir=/dev/null/notadir",
                "TMPDIR", "/dev/null/notadir");
        try (ManagedProcess p = run(TestPaths.bin("jgensiot"), env, "pty,echo ptyok")) {
            assertEquals(0, p.waitFor(EXIT), p.err());
            assertTrue(p.out().contains("ptyok"), p.out() + p.err());
        }
    }

    @Test
    void saysClearlyWhenThereIsNoJdk25() throws Exception {
        Path noJvms = Files.createDirectories(dir.resolve("jvm"));
        // /usr/bin's java (if any) is the machine's default JDK 17: too old, so it must be skipped
        Map<String, String> env = Map.of("JAVA_HOME", "/nonexistent", "PATH", "/usr/bin:/bin",
                "JGTLSSH_JVM_DIR", noJvms.toString());
        try (ManagedProcess p = run(TestPaths.bin("jgensiot"), env, "--version")) {
            assertEquals(2, p.waitFor(EXIT));
            assertTrue(p.err().startsWith("jgensiot: needs a JDK 25 or newer"), p.err());
        }
    }

    @Test
    void findsAJdkInTheJvmDirectoryWithoutJavaHome() throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", "", "PATH", "/usr/bin:/bin");
        try (ManagedProcess p = run(TestPaths.bin("jgensiot"), env, "--version")) {
            assertEquals(0, p.waitFor(EXIT), p.err());
            assertTrue(p.out().startsWith("jgensiot "), p.out());
        }
    }

    @Test
    void everyLauncherIsAnExecutableShellScriptOnTheSharedBody() throws Exception {
        for (String name : List.of("jgtlssh", "jgtlsshd", "jgtlssh-keygen", "jgensiot")) {
            Path p = TestPaths.bin(name);
            assertTrue(Files.isExecutable(p), name);
            String text = Files.readString(p);
            assertTrue(text.startsWith("#!/bin/sh\n") && text.contains(".launch"), name);
        }
    }
}
