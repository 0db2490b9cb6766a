package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jgtlssh.gensio.ssl.CaStore;

/**
 * gtlsshd's policy: a certificate may log in as user U iff it verifies against U's
 * {@code ~U/.gtlssh/allowed_certs/} directory (hash links or plain {@code .crt} files; expired
 * certificates never verify). The subject/CN is not compared with U: the per-user directory is the
 * authorisation, as in gtlssh (keys-and-trust.md 4).
 *
 * <p>Because a login as U trusts U's files, the directory and {@code ~U/.gtlssh} must be owned by U (or
 * root) and not writable by group or others; otherwise every certificate is refused (another user could
 * have planted one). The user name is validated before it becomes a path.
 */
public class AllowedCertsAuthenticator implements CertificateAuthenticator {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");

    private final Function<String, Optional<Path>> homeOf;
    private final boolean checkOwner;
    private final Path fixedDir;

    /** @param homeOf the user's home directory (from the passwd database), empty for unknown users */
    public AllowedCertsAuthenticator(Function<String, Optional<Path>> homeOf) {
        this(homeOf, true);
    }

    AllowedCertsAuthenticator(Function<String, Optional<Path>> homeOf, boolean checkOwner) {
        this(homeOf, checkOwner, null);
    }

    private AllowedCertsAuthenticator(Function<String, Optional<Path>> homeOf, boolean checkOwner, Path fixedDir) {
        this.homeOf = homeOf;
        this.checkOwner = checkOwner;
        this.fixedDir = fixedDir;
    }

    /**
     * For a personal server: the certificates in {@code dir} (same rules: owned by the user, writable by
     * nobody else) may log in as {@code onlyUser} and as nobody else, instead of each user's
     * {@code ~/.gtlssh/allowed_certs}.
     */
    public static AllowedCertsAuthenticator inDirectory(Path dir, String onlyUser) {
        return new AllowedCertsAuthenticator(u -> Optional.empty(), true, dir) {
            @Override
            public Optional<String> authenticate(String username, X509Certificate certificate) throws IOException {
                return onlyUser.equals(username) ? super.authenticate(username, certificate) : Optional.empty();
            }
        };
    }

    /** A name that is safe as a path component and looks like a POSIX user name. */
    public static boolean validUserName(String user) {
        return user != null && USER.matcher(user).matches();
    }

    @Override
    public Optional<String> authenticate(String username, X509Certificate certificate) throws IOException {
        if (!validUserName(username)) {
            return Optional.empty();
        }
        Path dir;
        if (fixedDir != null) {
            dir = fixedDir;
            if (!Files.isDirectory(dir) || !safe(dir, username)) {
                return Optional.empty();
            }
        } else {
            Optional<Path> home = homeOf.apply(username);
            if (home.isEmpty()) {
                return Optional.empty();
            }
            Path gtlssh = home.get().resolve(".gtlssh");
            dir = gtlssh.resolve("allowed_certs");
            if (!Files.isDirectory(dir) || !safe(gtlssh, username) || !safe(dir, username)) {
                return Optional.empty();
            }
        }
        CaStore store = CaStore.loadDirectory(dir);
        CaStore.Result r = store.check(new X509Certificate[] {certificate}, new Date());
        if (!r.ok()) {
            return Optional.empty();
        }
        return Optional.of(dir.resolve(store.sourceOf(r.anchor()).orElse("?")).toString());
    }

    private boolean safe(Path p, String user) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(p);
        } catch (UnsupportedOperationException e) {
            return true;
        }
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            return false;
        }
        if (!checkOwner) {
            return true;
        }
        String owner = Files.getOwner(p).getName();
        return owner.equals(user) || owner.equals("root");
    }
}
