package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credential lookup over key files made by the real gtlssh-keygen. */
class CredentialsTest {
    @TempDir
    Path home;

    Path dir;

    @BeforeEach
    void keygen() throws Exception {
        dir = home.resolve(".gtlssh");
        keygen("--keydays", "10", "setup");
    }

    private void keygen(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(RealGensio.binary("gtlssh-keygen"), "-f"));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd, Map.of("HOME", home.toString()), home, true)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(20)), p.err());
        }
    }

    @Test
    void lookupOrderHostPortThenHostThenDefault() throws Exception {
        Instant now = Instant.now();
        Credentials.Choice c = Credentials.choose(dir, "box", 852, null, null, now);
        assertEquals(dir.resolve("default.key"), c.key());
        assertEquals(dir.resolve("default.crt"), c.cert());

        keygen("keygen", "box");
        c = Credentials.choose(dir, "box", 852, null, null, now);
        assertEquals(dir.resolve("keycerts/box.key"), c.key());

        keygen("keygen", "-p", "9000", "box");
        assertEquals(dir.resolve("keycerts/box,9000.key"), Credentials.choose(dir, "box", 9000, null, null, now).key());
        assertEquals(dir.resolve("keycerts/box.key"), Credentials.choose(dir, "box", 852, null, null, now).key());
        assertEquals(dir.resolve("default.key"), Credentials.choose(dir, "other", 9000, null, null, now).key());
    }

    @Test
    void expiryWarningLikeGtlssh() throws Exception {
        Credentials.Choice c = Credentials.choose(dir, "box", 852, null, null, Instant.now());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).matches("\\*\\*\\*WARNING: local certificate .* will expire in [89] days"),
                c.warnings().get(0));
        c = Credentials.choose(dir, "box", 852, null, null, Instant.now().plus(Duration.ofDays(11)));
        assertTrue(c.warnings().get(0).startsWith("***Error: local certificate"), c.warnings().get(0));
        assertTrue(c.warnings().get(0).endsWith("has expired"));
        keygen("--keydays", "365", "keygen", "fresh");
        assertEquals(List.of(), Credentials.choose(dir, "fresh", 852, null, null, Instant.now()).warnings());
    }

    @Test
    void explicitKeyDerivesTheCertificateName() throws Exception {
        Path key = dir.resolve("default.key");
        Credentials.Choice c = Credentials.choose(dir, "box", 852, key, null, Instant.now());
        assertEquals(dir.resolve("default.crt"), c.cert());
        assertEquals(Path.of("/a.b/key.crt"), Credentials.defaultCertFor(Path.of("/a.b/key")));
        assertThrows(IllegalArgumentException.class,
                () -> Credentials.choose(dir, "box", 852, null, dir.resolve("default.crt"), Instant.now()));
    }

    @Test
    void refusesReadableKeysAndPathTricks() throws Exception {
        Files.setPosixFilePermissions(dir.resolve("default.key"), PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Credentials.choose(dir, "box", 852, null, null, Instant.now()));
        assertTrue(e.getMessage().contains("accessible by others"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Credentials.choose(dir, "../../etc", 852, null, null, Instant.now()));
        assertThrows(IllegalArgumentException.class,
                () -> Credentials.choose(dir, "a/b", 852, null, null, Instant.now()));
    }

    @Test
    void noCertificateAtAllIsAClearError() throws Exception {
        Files.delete(dir.resolve("default.crt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Credentials.choose(dir, "box", 852, null, null, Instant.now()));
        assertTrue(e.getMessage().contains("jgtlssh-keygen setup"), e.getMessage());
    }
}
