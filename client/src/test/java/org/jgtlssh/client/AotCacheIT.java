package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK 25 AOT cache the build trains for the launchers (target/&lt;program&gt;.aot, see bin/.launch):
 * used when it fits, and invisible when it does not. JDK 25 reports an unusable cache on stdout by
 * default, and jgtlssh's stdout belongs to the remote program, so every case here compares stdout and
 * stderr byte for byte with a run without any cache. Runs after package (needs the jars and caches).
 */
class AotCacheIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final List<String> PROGRAMS = List.of("jgtlssh", "jgensiot", "jgtlssh-keygen");

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private Result run(Path program, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.putIfAbsent("JGTLSSH_JAVA_OPTS", "");
        try (ManagedProcess p = ManagedProcess.start(cmd, env, dir, true)) {
            p.stdin().close();
            int status = p.waitFor(EXIT);
            return new Result(status, p.out(), p.err());
        }
    }

    /** JVM options that log where each class came from into a file (not onto stdout/stderr). */
    private String classLoadLog(Path log) {
        return "-Xlog:class+load=info:file=" + log;
    }

    private static boolean mainClassFromCache(Path log, String mainClass) throws Exception {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.anyMatch(l -> l.contains(" " + mainClass + " source: shared objects file"));
        }
    }

    private static String mainClass(String program) {
        return switch (program) {
            case "jgtlssh" -> "org.jgtlssh.client.Jgtlssh";
            case "jgensiot" -> "org.jgtlssh.jgensiot.Jgensiot";
            default -> "org.jgtlssh.keygen.JgtlsshKeygen";
        };
    }

    private static Path cacheOf(String program) {
        String module = program.equals("jgtlssh-keygen") ? "keys-tool" : "client";
        return TestPaths.root().resolve(module + "/target/" + program + ".aot");
    }

    @Test
    void theBuildsCacheIsUsedAndChangesNoByteOfOutput() throws Exception {
        for (String program : PROGRAMS) {
            assertTrue(Files.isRegularFile(cacheOf(program)), "the build made no cache for " + program);
            Path bin = TestPaths.bin(program);
            Result plain = run(bin, Map.of("JGTLSSH_AOT", "0"), "--version");
            assertEquals(0, plain.status(), plain.err());
            assertFalse(plain.out().isEmpty());
            Path log = dir.resolve(program + ".classes.log");
            Result cached = run(bin, Map.of("JGTLSSH_JAVA_OPTS", classLoadLog(log)), "--version");
            assertEquals(plain, cached);
            assertTrue(mainClassFromCache(log, mainClass(program)), program + " did not use its AOT cache");
        }
    }

    @Test
    void aCacheTheLauncherMustNotCombineIsLeftOut() throws Exception {
        // -Xshare:off together with -XX:AOTCache would stop the VM
        Path bin = TestPaths.bin("jgtlssh");
        Result plain = run(bin, Map.of("JGTLSSH_AOT", "0"), "--version");
        assertEquals(plain, run(bin, Map.of("JGTLSSH_JAVA_OPTS", "-Xshare:off"), "--version"));
        assertEquals(plain, run(bin, Map.of("JGTLSSH_JAVA_OPTS", "-Xshare:auto"), "--version"));
    }

    /**
     * A copy of the client's launcher, jar and libraries under the temp dir (so the real build stays
     * untouched), with the build's cache copied next to the jar: a cache made for other paths.
     */
    private Path copyOfTheClient() throws Exception {
        Path root = TestPaths.root();
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy.resolve("bin"));
        for (String f : List.of(".launch", "jgtlssh")) {
            Files.copy(root.resolve("bin/" + f), copy.resolve("bin/" + f));
        }
        Path target = Files.createDirectories(copy.resolve("client/target/lib"));
        try (Stream<Path> libs = Files.list(root.resolve("client/target/lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, target.resolve(lib.getFileName()));
            }
        }
        Files.copy(root.resolve("client/target/jgtlssh.jar"), copy.resolve("client/target/jgtlssh.jar"));
        Files.createDirectories(copy.resolve("common/target"));
        Files.createSymbolicLink(copy.resolve("common/target/native"), root.resolve("common/target/native"));
        Files.copy(cacheOf("jgtlssh"), copy.resolve("client/target/jgtlssh.aot"));
        return copy;
    }

    private static void setAge(Path file, Instant when) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    @Test
    void aStaleMismatchedOrBrokenCacheChangesNothing() throws Exception {
        Path copy = copyOfTheClient();
        Path bin = copy.resolve("bin/jgtlssh");
        Path jar = copy.resolve("client/target/jgtlssh.jar");
        Path cache = copy.resolve("client/target/jgtlssh.aot");
        Result plain = run(TestPaths.bin("jgtlssh"), Map.of("JGTLSSH_AOT", "0"), "--version");
        Instant now = Instant.now();
        try (Stream<Path> libs = Files.list(copy.resolve("client/target/lib"))) {
            for (Path lib : libs.toList()) {
                setAge(lib, now.minusSeconds(7200));
            }
        }

        // a cache trained for other paths, newer than the jar: the JVM decides, silently
        setAge(jar, now.minusSeconds(3600));
        setAge(cache, now);
        assertEquals(plain, run(bin, Map.of(), "--version"), "cache for other paths");

        // the jar rebuilt after the training run: the launcher leaves the cache out
        setAge(jar, now.plusSeconds(60));
        Path log = dir.resolve("stale.classes.log");
        assertEquals(plain, run(bin, Map.of("JGTLSSH_JAVA_OPTS", classLoadLog(log)), "--version"), "stale");
        assertFalse(mainClassFromCache(log, mainClass("jgtlssh")), "a stale cache was used");

        // a library newer than the cache: also stale
        setAge(jar, now.minusSeconds(3600));
        try (Stream<Path> libs = Files.list(copy.resolve("client/target/lib"))) {
            setAge(libs.findFirst().orElseThrow(), now.plusSeconds(60));
        }
        assertEquals(plain, run(bin, Map.of(), "--version"), "stale library");

        // a truncated cache and one of random bytes (a torn or foreign file), both newer than the jar
        byte[] whole = Files.readAllBytes(cacheOf("jgtlssh"));
        Files.write(cache, java.util.Arrays.copyOf(whole, 100_000));
        setAge(cache, now.plusSeconds(3600));
        assertEquals(plain, run(bin, Map.of(), "--version"), "truncated cache");
        byte[] junk = new byte[4096];
        new java.util.Random(6).nextBytes(junk);
        Files.write(cache, junk);
        setAge(cache, now.plusSeconds(3600));
        assertEquals(plain, run(bin, Map.of(), "--version"), "garbage cache");

        // no cache at all (what a read-only checkout has)
        Files.delete(cache);
        assertEquals(plain, run(bin, Map.of(), "--version"), "no cache");
    }
}
