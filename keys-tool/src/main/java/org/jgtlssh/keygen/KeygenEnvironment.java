package org.jgtlssh.keygen;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the tool takes from the world outside its arguments, gathered in one record so that tests can
 * supply their own (a temp home, a fixed user name, stdin from a string, the real gtlssh as client).
 *
 * @param stdin where answers to questions and {@code addallow -i} certificates come from
 * @param home the user's home directory ({@code ~/.gtlssh} lives there)
 * @param userName the default common name of client certificates
 * @param hostName the default common name of server certificates and the default {@code pushcert} name
 * @param client the command that logs in to a server ({@code pushcert}, {@code enroll})
 * @param clock the time certificates start at and are checked against
 */
record KeygenEnvironment(
        InputStream stdin, Path home, String userName, String hostName, List<String> client, Clock clock) {

    /** The running process's environment. */
    static KeygenEnvironment system() {
        return new KeygenEnvironment(System.in, home(System.getenv()),
                System.getProperty("user.name"), systemHostName(), defaultClient(System.getenv()), Clock.systemUTC());
    }

    /**
     * {@code $HOME}, as gtlssh and gtlssh-keygen use it; the JVM's {@code user.home} (the passwd entry)
     * only if HOME is unset or not absolute. (With HOME=/tmp/x, gtlssh-keygen writes /tmp/x/.gtlssh;
     * so must we, or a script that sets HOME would have its keys land in the real home.)
     */
    static Path home(Map<String, String> env) {
        String h = env.get("HOME");
        if (h != null && h.startsWith("/")) {
            return Path.of(h);
        }
        return Path.of(System.getProperty("user.home"));
    }

    KeygenEnvironment withStdin(InputStream in) {
        return new KeygenEnvironment(in, home, userName, hostName, client, clock);
    }

    KeygenEnvironment withClient(List<String> c) {
        return new KeygenEnvironment(stdin, home, userName, hostName, c, clock);
    }

    KeygenEnvironment withClock(Clock c) {
        return new KeygenEnvironment(stdin, home, userName, hostName, client, c);
    }

    /**
     * The host name as gethostname() gives it (read from the kernel: no DNS lookup, which could stall
     * start-up for seconds on a badly configured machine).
     */
    static String systemHostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // not Linux: ask the resolver
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * The login client: {@code $JGTLSSH_CLIENT} if set, else the {@code bin/jgtlssh} of the checkout
     * this tool runs from ({@code -Djgtlssh.bin=DIR} overrides where that is; by default it is found from
     * this jar, {@code <root>/keys-tool/target/jgtlssh-keygen.jar}), else {@code jgtlssh} on the PATH.
     */
    static List<String> defaultClient(Map<String, String> env) {
        String c = env.get("JGTLSSH_CLIENT");
        if (c != null && !c.isBlank()) {
            return List.of(c);
        }
        String bin = System.getProperty("jgtlssh.bin");
        Path launcher = bin != null ? Path.of(bin, "jgtlssh") : besideThisJar();
        if (launcher != null && Files.isExecutable(launcher)) {
            return List.of(launcher.toString());
        }
        return List.of("jgtlssh");
    }

    private static Path besideThisJar() {
        try {
            var src = KeygenEnvironment.class.getProtectionDomain().getCodeSource();
            Path jar = src == null ? null : Path.of(src.getLocation().toURI());
            Path root = jar == null || jar.getParent() == null ? null : jar.getParent().getParent();
            return root == null || root.getParent() == null ? null : root.getParent().resolve("bin/jgtlssh");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
