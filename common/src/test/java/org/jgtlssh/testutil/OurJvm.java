package org.jgtlssh.testutil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts one of our programs (jgtlssh, jgtlsshd, jgensiot, ...) in a JVM of its own
 * on the test's class path, with the JVM options the launchers ({@code bin/.launch}) give it. Tests start
 * our programs this way so that they run before anything is packaged.
 *
 * <p>The native libraries of pty4j, JNA and jSerialComm come from the build output (the test JVM has the
 * same properties, from the parent pom's argLine), so the child, like the launcher, extracts nothing
 * into /tmp: one place decides that for every fixture.
 */
public final class OurJvm {
    /** The test JVM's system properties that point the native libraries at the build output. */
    static final List<String> NATIVE_LIBRARY_PROPERTIES = List.of("pty4j.preferred.native.folder",
            "jna.boot.library.path", "jna.nounpack", "jSerialComm.library.path");

    private OurJvm() {}

    /** {@code java [launcher options] -cp <test class path> main args...} */
    public static List<String> command(Class<?> main, List<String> args) {
        return command(main, List.of(), args);
    }

    /**
     * @param jvmOptions more JVM options, after the launcher's (a later -D wins)
     */
    public static List<String> command(Class<?> main, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the launcher's defaults: C1 only and the serial GC start fastest; FFM needs native access
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        for (String p : NATIVE_LIBRARY_PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        return List.copyOf(cmd);
    }

    /** {@code exec 'word' 'word' ...}: the command as one sh line, for wrappers (scripts, socat EXEC, tmux). */
    public static String shellLine(List<String> cmd) {
        StringBuilder sb = new StringBuilder("exec");
        for (String w : cmd) {
            sb.append(' ').append(shellQuote(w));
        }
        return sb.toString();
    }

    /** One sh word that stands for exactly {@code s}. */
    public static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
