package org.jgtlssh.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The per-user {@code ~/.gtlssh} directory, shared by the client (its keys, {@code server_certs} trust),
 * the server ({@code allowed_certs} of the target user) and the key tool:
 *
 * <pre>
 *   ~/.gtlssh/                    0700
 *       default.key / .crt        client key (0600) and certificate; .1 = the previous pair
 *       keycerts/                 0700  &lt;host&gt;,&lt;port&gt;.key/.crt and &lt;host&gt;.key/.crt
 *       server_certs/             0700  trusted servers: &lt;host&gt;,&lt;port&gt;.crt, &lt;family&gt;,&lt;addr&gt;,&lt;port&gt;.crt
 *       allowed_certs/            0700  client certificates that may log in as this user, *.crt
 *       (the last two are hashed directories, see {@link HashedDirectory})
 * </pre>
 *
 * The permission checks follow gtlssh's (same messages), which refuse to use a directory or key that
 * someone else owns or can read.
 */
public final class GtlsshDir {
    public static final String DIR_NAME = ".gtlssh";
    public static final String DEFAULT_KEY = "default.key";
    public static final String DEFAULT_CERT = "default.crt";
    public static final String KEYCERTS = "keycerts";
    public static final String SERVER_CERTS = "server_certs";
    public static final String ALLOWED_CERTS = "allowed_certs";
    /** gtlssh's default port, used when none is given. */
    public static final int DEFAULT_PORT = 852;

    private static final Set<PosixFilePermission> GROUP_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path base;

    public GtlsshDir(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    /**
     * {@code $HOME/.gtlssh}, as gtlssh and gtlssh-keygen find it; the JVM's {@code user.home} (from the
     * passwd entry, which ignores HOME) only when HOME is unset or not an absolute path.
     */
    public static GtlsshDir ofCurrentUser() {
        String h = System.getenv("HOME");
        return new GtlsshDir(Path.of(h != null && h.startsWith("/") ? h : System.getProperty("user.home"), DIR_NAME));
    }

    /** {@code <home>/.gtlssh} of another user (the server uses the passwd home of the login user). */
    public static GtlsshDir inHome(Path home) {
        return new GtlsshDir(home.resolve(DIR_NAME));
    }

    public Path base() {
        return base;
    }

    public Path defaultKey() {
        return base.resolve(DEFAULT_KEY);
    }

    public Path defaultCert() {
        return base.resolve(DEFAULT_CERT);
    }

    public Path keycerts() {
        return base.resolve(KEYCERTS);
    }

    public Path serverCerts() {
        return base.resolve(SERVER_CERTS);
    }

    public Path allowedCerts() {
        return base.resolve(ALLOWED_CERTS);
    }

    /**
     * The base name of a per-destination key: {@code <host>,<port>} or {@code <host>} (port &lt;= 0).
     *
     * @throws IllegalArgumentException if the host is not a safe file name ({@link SafeNames})
     */
    public static String destinationName(String host, int port) {
        SafeNames.check("host name", host);
        return port > 0 ? host + "," + port : host;
    }

    /** {@code server_certs/<host>,<port>.crt}: the trust file for a name the user typed. */
    public Path serverCertForHost(String host, int port) {
        return serverCerts().resolve(destinationName(host, port) + ".crt");
    }

    /**
     * {@code server_certs/<raddr>.crt} for a connection address string such as
     * {@code ipv4,127.0.0.1,852}; {@code /} becomes {@code -} as in gtlssh.
     */
    public Path serverCertForAddress(String raddr) {
        return serverCerts().resolve(SafeNames.check("address", raddr.replace('/', '-')) + ".crt");
    }

    /** A key and the certificate that goes with it. */
    public record Credentials(Path key, Path cert) {}

    /**
     * The client credentials gtlssh would present to {@code host}:{@code port}: the first readable
     * certificate of {@code keycerts/<host>,<port>.crt}, {@code keycerts/<host>.crt}, {@code default.crt},
     * with the key of the same base name.
     */
    public Optional<Credentials> clientCredentials(String host, int port) {
        Path[] certs = {
            keycerts().resolve(destinationName(host, port) + ".crt"),
            keycerts().resolve(destinationName(host, 0) + ".crt"),
            defaultCert()
        };
        for (Path crt : certs) {
            if (Files.isReadable(crt)) {
                String n = crt.getFileName().toString();
                return Optional.of(new Credentials(crt.resolveSibling(n.substring(0, n.length() - 4) + ".key"), crt));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks that {@code dir} is a directory (not a symlink) owned by the running user that nobody else
     * may enter.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws UnsafePathException if it is not a directory, not ours, or open to others
     */
    public static void checkPrivateDirectory(Path dir) throws IOException {
        PosixFileAttributes a = attributes(dir);
        if (!a.isDirectory()) {
            throw new UnsafePathException(dir + " is not a directory");
        }
        checkOwner(dir);
        if (!java.util.Collections.disjoint(a.permissions(), GROUP_OTHER)) {
            throw new UnsafePathException(dir + " is accessible by others, giving up");
        }
    }

    /** Checks that {@code key} is a regular file (not a symlink), ours, and not readable by others. */
    public static void checkPrivateKeyFile(Path key) throws IOException {
        PosixFileAttributes a = attributes(key);
        if (!a.isRegularFile()) {
            throw new UnsafePathException(key + " is not a regular file");
        }
        checkOwner(key);
        if (!java.util.Collections.disjoint(a.permissions(), GROUP_OTHER)) {
            throw new UnsafePathException(key + " is accessible by others, giving up");
        }
    }

    /** Checks that {@code path} (not following a final symlink) belongs to the running user. */
    public static void checkOwner(Path path) throws IOException {
        Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (((Integer) uid) != currentUid()) {
            throw new UnsafePathException("You do not own " + path + ", giving up");
        }
    }

    private static PosixFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static volatile int uid = -1;

    /** The real uid of this process (from {@code /proc/self}, which the kernel gives our uid). */
    public static int currentUid() throws IOException {
        int u = uid;
        if (u < 0) {
            u = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            uid = u;
        }
        return u;
    }

    /** A file or directory that exists but must not be used (wrong owner, type or permissions). */
    public static final class UnsafePathException extends IOException {
        public UnsafePathException(String message) {
            super(message);
        }
    }
}
