package org.jgtlssh.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our rehash against {@code openssl rehash} and {@code gtlssh-keygen rehash}, and its fixes of their bugs. */
class HashedDirectoryTest {
    @TempDir
    Path dir;

    private static final KeyPair K1 = KeyAlgorithm.ED25519.generate(256);
    private static final KeyPair K2 = KeyAlgorithm.ED25519.generate(256);
    private static final KeyPair K3 = KeyAlgorithm.ED25519.generate(256);

    private void cert(String file, KeyPair kp, String cn, Clock clock, int days) throws Exception {
        Files.write(dir.resolve(file), PemWriter.certificate(
                SelfSignedCertificates.create(kp, cn, days, clock, new SecureRandom())));
    }

    private void cert(String file, KeyPair kp, String cn) throws Exception {
        cert(file, kp, cn, Clock.systemUTC(), 30);
    }

    /** hash → set of certificate files it links to (independent of which collision gets .0). */
    static Map<String, Set<String>> links(Path d) throws Exception {
        Map<String, Set<String>> m = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                if (Files.isSymbolicLink(p)) {
                    String n = p.getFileName().toString();
                    m.computeIfAbsent(n.substring(0, n.indexOf('.')), k -> new TreeSet<>())
                            .add(Files.readSymbolicLink(p).toString());
                }
            }
        }
        return m;
    }

    @Test
    void sameLinksAsOpensslRehashIncludingCollisions(@TempDir Path copy) throws Exception {
        cert("alice.crt", K1, "root");
        cert("bob.crt", K2, "root"); // same subject: e5bddca0.0 and .1
        cert("server.crt", K3, "vm");
        HashedDirectory.Report r = HashedDirectory.rehash(dir, false, Clock.systemUTC());
        assertEquals(Set.of("e5bddca0.0", "e5bddca0.1", "87af8e93.0"), r.links().keySet());
        for (String f : List.of("alice.crt", "bob.crt", "server.crt")) {
            Files.copy(dir.resolve(f), copy.resolve(f));
        }
        OpenSsl.ok((byte[]) null, "rehash", copy.toString());
        assertEquals(links(copy), links(dir));
        assertEquals(Map.of("e5bddca0", Set.of("alice.crt", "bob.crt"), "87af8e93", Set.of("server.crt")), links(dir));
    }

    @Test
    void aBrokenFileIsReportedAndTheRestIsStillLinked() throws Exception {
        cert("a.crt", K1, "root");
        Files.writeString(dir.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        Files.createDirectory(dir.resolve("adir.crt")); // cannot be read as a file
        cert("z.crt", K3, "vm");
        HashedDirectory.Report r = HashedDirectory.rehash(dir, false, Clock.systemUTC());
        assertEquals(Set.of(dir.resolve("adir.crt"), dir.resolve("broken.crt")), r.skipped().keySet());
        assertEquals(Map.of("e5bddca0", Set.of("a.crt"), "87af8e93", Set.of("z.crt")), links(dir));
    }

    @Test
    void expiredCertificatesAreReportedAndKeptUnlessAsked() throws Exception {
        Clock longAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(10)), ZoneOffset.UTC);
        cert("old.crt", K1, "root", longAgo, 1);
        cert("new.crt", K2, "vm");
        HashedDirectory.Report r = HashedDirectory.rehash(dir, false, Clock.systemUTC());
        assertEquals(List.of(dir.resolve("old.crt")), r.expired());
        assertTrue(Files.exists(dir.resolve("old.crt")));
        assertEquals(Set.of("e5bddca0", "87af8e93"), links(dir).keySet());

        r = HashedDirectory.rehash(dir, true, Clock.systemUTC());
        assertEquals(List.of(dir.resolve("old.crt")), r.removed());
        assertFalse(Files.exists(dir.resolve("old.crt")));
        assertEquals(Map.of("87af8e93", Set.of("new.crt")), links(dir));
    }

    @Test
    void staleLinksGoIdenticalCopiesAreLinkedOnceAndForeignFilesStay() throws Exception {
        cert("localhost,852.crt", K3, "vm");
        Files.copy(dir.resolve("localhost,852.crt"), dir.resolve("ipv4,127.0.0.1,852.crt"));
        Files.createSymbolicLink(dir.resolve("deadbeef.0"), Path.of("gone.crt"));
        Files.createSymbolicLink(dir.resolve("87af8e93.0"), Path.of("gone.crt"));
        Files.writeString(dir.resolve("0badc0de.0"), "a user's file, not a link");
        HashedDirectory.Report r = HashedDirectory.rehash(dir, false, Clock.systemUTC());
        assertEquals(1, r.links().size());
        assertEquals(1, r.duplicates().size());
        assertFalse(Files.exists(dir.resolve("deadbeef.0"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(dir.resolve("0badc0de.0")));
        assertEquals("ipv4,127.0.0.1,852.crt", Files.readSymbolicLink(dir.resolve("87af8e93.0")).toString());
        // idempotent
        HashedDirectory.rehash(dir, false, Clock.systemUTC());
        assertEquals(Map.of("87af8e93", Set.of("ipv4,127.0.0.1,852.crt")), links(dir));
    }

    @Test
    void anEmptyDirectoryIsLeftAlone() throws Exception {
        Files.createSymbolicLink(dir.resolve("deadbeef.0"), Path.of("x.crt"));
        assertTrue(HashedDirectory.rehash(dir, false, Clock.systemUTC()).noCertificates());
        assertTrue(Files.isSymbolicLink(dir.resolve("deadbeef.0")));
    }

    /** lookup() finds exactly what {@code openssl verify -CApath} accepts. */
    @Test
    void lookupAgreesWithOpensslVerify(@TempDir Path other) throws Exception {
        cert("alice.crt", K1, "root");
        cert("bob.crt", K2, "root"); // same subject: the lookup must go on to .1
        HashedDirectory.rehash(dir, false, Clock.systemUTC());
        for (String f : List.of("alice.crt", "bob.crt")) {
            var c = HashedDirectory.load(dir.resolve(f));
            assertTrue(HashedDirectory.lookup(dir, c).isPresent(), f);
            assertEquals(0, OpenSsl.run(null, "verify", "-CApath", dir.toString(), dir.resolve(f).toString()).code(), f);
        }
        // same subject, same key, but a different certificate: neither OpenSSL nor we accept it
        Path stranger = other.resolve("stranger.crt");
        Files.write(stranger, PemWriter.certificate(SelfSignedCertificates.create(K1, "root", 30)));
        assertTrue(HashedDirectory.lookup(dir, HashedDirectory.load(stranger)).isEmpty());
        assertEquals(2, OpenSsl.run(null, "verify", "-CApath", dir.toString(), stranger.toString()).code());
        // a missing link hides the certificate, as it does from OpenSSL
        Files.delete(dir.resolve("e5bddca0.0"));
        Files.delete(dir.resolve("e5bddca0.1"));
        assertTrue(HashedDirectory.lookup(dir, HashedDirectory.load(dir.resolve("bob.crt"))).isEmpty());
        assertEquals(2, OpenSsl.run(null, "verify", "-CApath", dir.toString(), dir.resolve("bob.crt").toString()).code());
    }
}
