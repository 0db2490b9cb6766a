package org.jgtlssh.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {
    @TempDir
    Path dir;

    @Test
    void createsWithExactModeAndLeavesNoTemporaryFile() throws Exception {
        Path k = dir.resolve("a.key");
        SecureFiles.createNew(k, new byte[] {1, 2}, SecureFiles.PRIVATE_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(k)));
        Path c = dir.resolve("a.crt");
        SecureFiles.createNew(c, new byte[] {3}, SecureFiles.PUBLIC_FILE);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(c)));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("a.crt", "a.key"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void neverOverwritesAFileOrFollowsAPlantedSymlink() throws Exception {
        Path k = dir.resolve("a.key");
        Files.write(k, new byte[] {9});
        assertThrows(FileAlreadyExistsException.class, () -> SecureFiles.createNew(k, new byte[] {1}, SecureFiles.PRIVATE_FILE));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(k));

        Path victim = dir.resolve("victim");
        Path link = dir.resolve("b.key");
        Files.createSymbolicLink(link, victim); // dangling: a naive O_CREAT would create the victim
        assertThrows(FileAlreadyExistsException.class, () -> SecureFiles.createNew(link, new byte[] {1}, SecureFiles.PRIVATE_FILE));
        assertFalse(Files.exists(victim));
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "a.key and the link only: no temporary file left behind");
        }
    }

    @Test
    void backupKeepsThePreviousFileAsDotOne() throws Exception {
        Path k = dir.resolve("default.key");
        Files.write(k, new byte[] {1});
        Files.write(dir.resolve("default.key.1"), new byte[] {0});
        assertEquals(dir.resolve("default.key.1"), SecureFiles.backup(k));
        assertFalse(Files.exists(k));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve("default.key.1")));
        assertEquals(null, SecureFiles.backup(k));
    }

    @Test
    void replaceSwapsContentAtomically() throws Exception {
        Path c = dir.resolve("x.crt");
        SecureFiles.createNew(c, new byte[] {1}, SecureFiles.PRIVATE_FILE);
        SecureFiles.replace(c, new byte[] {2, 3}, SecureFiles.PUBLIC_FILE);
        assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(c));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(c)));
    }

    @Test
    void privateDirectoryIs0700AndChecked() throws Exception {
        Path d = dir.resolve(".gtlssh");
        assertTrue(SecureFiles.createPrivateDirectory(d));
        assertFalse(SecureFiles.createPrivateDirectory(d));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS)));
        GtlsshDir.checkPrivateDirectory(d);
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-x---"));
        assertEquals(d + " is accessible by others, giving up",
                assertThrows(GtlsshDir.UnsafePathException.class, () -> GtlsshDir.checkPrivateDirectory(d)).getMessage());
        Path f = dir.resolve("file");
        Files.write(f, new byte[0]);
        assertThrows(GtlsshDir.UnsafePathException.class, () -> GtlsshDir.checkPrivateDirectory(f));
        Path key = dir.resolve("k.key");
        SecureFiles.createNew(key, new byte[] {1}, SecureFiles.PRIVATE_FILE);
        GtlsshDir.checkPrivateKeyFile(key);
        Files.setPosixFilePermissions(key, SecureFiles.PUBLIC_FILE);
        assertThrows(GtlsshDir.UnsafePathException.class, () -> GtlsshDir.checkPrivateKeyFile(key));
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(GtlsshDir.currentUid() == 0, "needs root to chown");
        Path d = dir.resolve("theirs");
        SecureFiles.createPrivateDirectory(d);
        Files.setAttribute(d, "unix:uid", 65534);
        assertEquals("You do not own " + d + ", giving up",
                assertThrows(GtlsshDir.UnsafePathException.class, () -> GtlsshDir.checkPrivateDirectory(d)).getMessage());
    }

    @Test
    void layoutAndClientCredentialOrder() throws Exception {
        GtlsshDir g = new GtlsshDir(dir.resolve(".gtlssh"));
        assertEquals(g.base().resolve("server_certs/localhost,852.crt"), g.serverCertForHost("localhost", 852));
        assertEquals(g.base().resolve("server_certs/unix,-tmp-s.crt"), g.serverCertForAddress("unix,/tmp/s"));
        assertThrows(IllegalArgumentException.class, () -> g.serverCertForHost("../x", 852));
        assertTrue(g.clientCredentials("h", 852).isEmpty());
        Files.createDirectories(g.keycerts());
        Files.write(g.defaultCert(), new byte[0]);
        assertEquals(g.defaultKey(), g.clientCredentials("h", 852).orElseThrow().key());
        Files.write(g.keycerts().resolve("h.crt"), new byte[0]);
        assertEquals(g.keycerts().resolve("h.key"), g.clientCredentials("h", 852).orElseThrow().key());
        Files.write(g.keycerts().resolve("h,852.crt"), new byte[0]);
        assertEquals(g.keycerts().resolve("h,852.key"), g.clientCredentials("h", 852).orElseThrow().key());
        assertEquals(g.keycerts().resolve("h.key"), g.clientCredentials("h", 853).orElseThrow().key());
    }
}
