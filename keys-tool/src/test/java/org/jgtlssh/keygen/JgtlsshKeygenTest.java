package org.jgtlssh.keygen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.HashedDirectory;
import org.jgtlssh.keys.KeyAlgorithm;
import org.jgtlssh.keys.PemWriter;
import org.jgtlssh.keys.SelfSignedCertificates;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command through picocli's execute(), with captured output: what it does and what it refuses. */
class JgtlsshKeygenTest {
    @TempDir
    Path home;

    KeygenRunner tool;
    Path base;

    @BeforeEach
    void setUp() {
        tool = new KeygenRunner(home);
        base = home.resolve(".gtlssh");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static X509Certificate cert(Path p) throws Exception {
        return HashedDirectory.load(p);
    }

    @Test
    void setupMakesTheLayoutAndTheDefaultPair() throws Exception {
        KeygenRunner.Run r = tool.input("y\n", "setup");
        assertEquals(0, r.code(), r.toString());
        assertEquals(base + " does not exist.  Do you want to create it? (y/n): "
                + "Key created at " + base.resolve("default.key") + ".\n"
                + "Certificate created.  Put " + base.resolve("default.crt") + " into:\n"
                + "  .gtlssh/allowed_certs\n"
                + "on remote systems you want to log into without a password.\n", r.out());
        for (String d : List.of("", "keycerts", "allowed_certs", "server_certs")) {
            assertEquals("rwx------", mode(base.resolve(d)), d);
        }
        assertEquals("rw-------", mode(base.resolve("default.key")));
        assertEquals("rw-r--r--", mode(base.resolve("default.crt")));
        assertEquals("CN=alice,O=gensio,OU=client", Subjects.display(cert(base.resolve("default.crt"))).replace(", ", ","));
        assertEquals(119, Files.size(base.resolve("default.key")));
    }

    @Test
    void setupAnswersNoEofAndNonsense() throws Exception {
        KeygenRunner.Run no = tool.input("n\n", "setup");
        assertEquals(1, no.code());
        assertEquals("Not modifying " + base + ", giving up\n", no.err());
        assertFalse(Files.exists(base));

        KeygenRunner.Run eof = tool.input("", "setup");
        assertEquals(1, eof.code());
        assertEquals("Error getting response, aborting\n", eof.err());

        KeygenRunner.Run retry = tool.input("maybe\nYes\ny\n", "setup");
        assertEquals(0, retry.code(), retry.toString());
        assertTrue(retry.out().contains("(y/n): Unknown response, please enter y or n: Unknown response, please enter y or n: Key created"));
    }

    @Test
    void keygenMakesOnePairPerDestinationWithPortsAppliedInOrder() throws Exception {
        KeygenRunner.Run r = tool.run("-f", "keygen", "-p", "1234", "hostA", "hostB", "-p", "", "hostC");
        assertEquals(0, r.code(), r.toString());
        Path kc = base.resolve("keycerts");
        for (String n : List.of("hostA,1234", "hostB,1234", "hostC")) {
            assertEquals("rw-------", mode(kc.resolve(n + ".key")), n);
            assertTrue(Files.isRegularFile(kc.resolve(n + ".crt")), n);
            assertTrue(r.out().contains("Key created at " + kc.resolve(n + ".key") + ".\n"), n);
        }
        assertFalse(Files.exists(base.resolve("default.key")), "keygen with hosts makes no default key");
    }

    @Test
    void keygenRefusesNamesThatLeaveTheDirectory() throws Exception {
        for (String bad : List.of("../evil", "a/b", "..", "x\u001b[2J")) {
            KeygenRunner.Run r = tool.run("-f", "keygen", bad);
            assertEquals(1, r.code(), bad);
            assertTrue(r.err().startsWith("invalid host name") || r.err().startsWith("empty"), r.err());
            assertFalse(r.err().contains("\u001b"), "no escape sequence echoed");
        }
        KeygenRunner.Run port = tool.run("-f", "keygen", "-p", "99999", "h");
        assertEquals(1, port.code());
        assertEquals("invalid port 99999\n", port.err());
        assertFalse(Files.exists(base), "nothing created before the names were checked");
        assertFalse(Files.exists(home.resolve("evil.key")));
    }

    @Test
    void anExistingPairIsNeverReplacedWithoutAYesAndIsKeptAsDotOne() throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        byte[] key = Files.readAllBytes(base.resolve("default.key"));
        byte[] crt = Files.readAllBytes(base.resolve("default.crt"));

        KeygenRunner.Run no = tool.input("n\n", "keygen");
        assertEquals(1, no.code());
        assertTrue(no.out().endsWith("already exist, do you want to overwrite them? (y/n): "), no.out());
        assertEquals("Not generating key for default\n", no.err());
        assertArrayEquals(key, Files.readAllBytes(base.resolve("default.key")));

        KeygenRunner.Run yes = tool.input("y\n", "keygen");
        assertEquals(0, yes.code(), yes.toString());
        assertArrayEquals(key, Files.readAllBytes(base.resolve("default.key.1")));
        assertArrayEquals(crt, Files.readAllBytes(base.resolve("default.crt.1")));
        assertFalse(java.util.Arrays.equals(key, Files.readAllBytes(base.resolve("default.key"))));
        assertEquals("rw-------", mode(base.resolve("default.key.1")));
    }

    @Test
    void algorithmsSizesAndDays() throws Exception {
        assertEquals(0, tool.run("-f", "--algorithm", "ec", "--keysize", "384", "keygen", "e").code());
        assertEquals("EC", cert(base.resolve("keycerts/e.crt")).getPublicKey().getAlgorithm());
        assertEquals(0, tool.run("-f", "--algorithm", "rsa", "--keydays", "10", "keygen", "r").code());
        X509Certificate rsa = cert(base.resolve("keycerts/r.crt"));
        assertEquals("SHA256withRSA", rsa.getSigAlgName());
        long days = Duration.between(rsa.getNotBefore().toInstant(), rsa.getNotAfter().toInstant()).toDays();
        assertEquals(10, days);

        assertEquals("Keysize not accepted for ED25519\n", tool.run("-f", "--keysize", "256", "keygen").err());
        assertEquals("Keysize 300 is invalid for EC\n", tool.run("-f", "--algorithm", "ec", "--keysize", "300", "keygen").err());
        KeygenRunner.Run bad = tool.run("-f", "--algorithm", "dsa", "keygen");
        assertEquals(1, bad.code());
        assertEquals("Invalid algorithm: dsa\n", bad.err());
    }

    @Test
    void serverkeyUsesTheHostNameAndTheKeydir() throws Exception {
        Path srv = home.resolve("srv");
        KeygenRunner.Run r = tool.run("--keydir", srv.toString(), "serverkey");
        assertEquals(0, r.code(), r.toString());
        assertEquals("Key created at " + srv.resolve("gtlsshd.key") + ".\nServer certificate "
                + srv.resolve("gtlsshd.crt") + " created.\n", r.out());
        assertEquals("CN=testhost, O=gensio, OU=client", Subjects.display(cert(srv.resolve("gtlsshd.crt"))));
        assertEquals("rw-------", mode(srv.resolve("gtlsshd.key")));

        assertEquals(0, tool.run("--keydir", srv.toString(), "serverkey", "ser2net").code());
        assertEquals("CN=ser2net.testhost, O=gensio, OU=client", Subjects.display(cert(srv.resolve("ser2net.crt"))));

        KeygenRunner.Run again = tool.input("n\n", "--keydir", srv.toString(), "serverkey");
        assertEquals(1, again.code());
        assertEquals("Not generating server key\n", again.err());
        assertEquals(1, tool.run("--keydir", srv.toString(), "-f", "serverkey", "../x").code());
    }

    @Test
    void unsafeDirectoriesAreRefused() throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        KeygenRunner.Run open = tool.run("-f", "keygen", "h");
        assertEquals(1, open.code());
        assertEquals(base + " is accessible by others, giving up\n", open.err());

        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
        Files.delete(base.resolve("server_certs"));
        Files.writeString(base.resolve("server_certs"), "not a dir");
        KeygenRunner.Run file = tool.run("-f", "keygen", "h");
        assertEquals(1, file.code());
        assertEquals(base.resolve("server_certs") + " is not a directory\n", file.err());
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(GtlsshDir.currentUid() == 0, "chown needs root");
        assertEquals(0, tool.run("-f", "setup").code());
        Files.setAttribute(base, "unix:uid", 65534);
        KeygenRunner.Run r = tool.run("-f", "keygen");
        assertEquals(1, r.code());
        assertEquals("You do not own " + base + ", giving up\n", r.err());
    }

    private void writeCert(Path file, String cn, Clock clock, int days) throws Exception {
        var kp = KeyAlgorithm.ED25519.generate(256);
        Files.write(file, PemWriter.certificate(SelfSignedCertificates.create(kp, cn, days, clock, new SecureRandom())));
    }

    @Test
    void rehashReportsExpiredAndBrokenFilesAndLinksTheRest() throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        Path sc = base.resolve("server_certs");
        writeCert(sc.resolve("good,852.crt"), "vm", Clock.systemUTC(), 30);
        writeCert(sc.resolve("old,852.crt"), "old", Clock.fixed(Instant.now().minus(Duration.ofDays(5)), ZoneOffset.UTC), 1);
        Files.writeString(sc.resolve("bad,852.crt"), "garbage\n");
        KeygenRunner.Run r = tool.run("rehash");
        assertEquals(1, r.code(), r.toString());
        assertEquals("No certificates in " + base.resolve("allowed_certs") + ", not rehashing\n", r.out());
        assertTrue(r.err().contains("Expired certificate " + sc.resolve("old,852.crt") + " (kept; --remove-expired deletes it)"), r.err());
        assertTrue(r.err().contains("Unable to load certificate " + sc.resolve("bad,852.crt")), r.err());
        assertTrue(Files.isSymbolicLink(sc.resolve("87af8e93.0")));
        assertTrue(Files.exists(sc.resolve("old,852.crt")));

        Files.delete(sc.resolve("bad,852.crt"));
        KeygenRunner.Run rm = tool.run("rehash", "--remove-expired", sc.toString());
        assertEquals(0, rm.code(), rm.toString());
        assertEquals("Removing expired certificate " + sc.resolve("old,852.crt") + "\n", rm.out());
        assertFalse(Files.exists(sc.resolve("old,852.crt")));
    }

    @Test
    void rehashOfAnUnusableDirectoryIsReported() throws Exception {
        Path notDir = home.resolve("file");
        Files.writeString(notDir, "x");
        KeygenRunner.Run r = tool.run("rehash", notDir.toString(), home.resolve("missing").toString());
        assertEquals(1, r.code());
        assertEquals("Unable to rehash " + notDir + ": not a directory\nUnable to rehash " + home.resolve("missing")
                + ": not a directory\n", r.err());
        Path shared = Files.createDirectory(home.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        KeygenRunner.Run open = tool.run("rehash", shared.toString());
        assertEquals(1, open.code());
        assertEquals("Unable to rehash " + shared + ": " + shared + " is writable by others, giving up\n", open.err());
        if (GtlsshDir.currentUid() == 0) { // as root, a directory of another user is the unusable one
            Path theirs = Files.createDirectory(home.resolve("theirs"));
            Files.setAttribute(theirs, "unix:uid", 65534);
            KeygenRunner.Run t = tool.run("rehash", theirs.toString());
            assertEquals(1, t.code());
            assertEquals("Unable to rehash " + theirs + ": You do not own " + theirs + ", giving up\n", t.err());
        }
        if (GtlsshDir.currentUid() != 0) { // root reads anything: only a normal user can test mode 000
            Path locked = Files.createDirectory(home.resolve("locked"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            KeygenRunner.Run l = tool.run("rehash", locked.toString());
            assertEquals(1, l.code());
            assertEquals("Unable to rehash " + locked + ": permission denied\n", l.err());
        }
    }

    @Test
    void addallowFromFileAndStdinKeepsTheOldOneAndRehashes() throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        Path crt = base.resolve("default.crt");
        Path ac = base.resolve("allowed_certs");
        KeygenRunner.Run r = tool.run("addallow", "laptop", crt.toString());
        assertEquals(0, r.code(), r.toString());
        assertArrayEquals(Files.readAllBytes(crt), Files.readAllBytes(ac.resolve("laptop.crt")));
        String hash = org.jgtlssh.keys.SubjectHash.of(cert(crt));
        assertEquals("laptop.crt", Files.readSymbolicLink(ac.resolve(hash + ".0")).toString());

        // -i: text with CRLF and trailing blanks, followed by more input that must not be read as the cert
        String pem = Files.readString(crt).replace("\n", "  \r\n");
        KeygenRunner.Run no = tool.input(pem + "n\n", "addallow", "-i", "laptop");
        assertEquals(1, no.code(), no.toString());
        assertTrue(no.out().endsWith("already exists, do you want to overwrite it? (y/n): "), no.out());
        KeygenRunner.Run yes = tool.input(pem + "y\n", "addallow", "-i", "laptop");
        assertEquals(0, yes.code(), yes.toString());
        assertArrayEquals(Files.readAllBytes(crt), Files.readAllBytes(ac.resolve("laptop.crt")), "lines normalised to LF");
        assertTrue(Files.exists(ac.resolve("laptop.crt.1")));
    }

    @Test
    void addallowRefusesWhatIsNotACertificateAndBadNames() throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        Path junk = home.resolve("junk.crt");
        Files.writeString(junk, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        KeygenRunner.Run r = tool.run("addallow", "x", junk.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("The input is not a certificate"), r.err());
        assertEquals(1, tool.run("addallow", "../../x", base.resolve("default.crt").toString()).code());
        assertEquals("Unable to open " + home.resolve("nope") + "\n", tool.run("addallow", "x", home.resolve("nope").toString()).err());
        assertEquals(2, tool.run("addallow", "x").code());
        assertEquals(1, tool.input("no end line\n", "addallow", "-i", "x").code());
        try (var s = Files.list(base.resolve("allowed_certs"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void fingerprintPrintsWhatOpensslPrints() throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        Path crt = base.resolve("default.crt");
        KeygenRunner.Run r = tool.run("fingerprint", crt.toString());
        assertEquals(0, r.code(), r.toString());
        String sha1 = OpenSslCli.ok("x509", "-noout", "-fingerprint", "-sha1", "-in", crt.toString()).trim();
        String sha256 = OpenSslCli.ok("x509", "-noout", "-fingerprint", "-sha256", "-in", crt.toString()).trim();
        assertTrue(r.out().contains(sha256.replace("sha256", "SHA256")), r.out() + sha256);
        assertTrue(r.out().contains(sha1.replace("sha1", "SHA1")), r.out() + sha1);
        assertTrue(r.out().startsWith("Subject: CN=alice, O=gensio, OU=client\n"), r.out());
        assertEquals(1, tool.run("fingerprint", base.resolve("default.key").toString()).code(), "a key is not a certificate");
        assertFalse(tool.run("fingerprint", base.resolve("default.key").toString()).err().contains("PRIVATE"));
    }

    @Test
    void listShowsKeysAllowedAndServersAndFlagsExpiry() throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        assertEquals(0, tool.run("-f", "keygen", "-p", "9", "h").code());
        writeCert(base.resolve("server_certs/srv,852.crt"), "srv",
                Clock.fixed(Instant.now().minus(Duration.ofDays(5)), ZoneOffset.UTC), 1);
        writeCert(base.resolve("allowed_certs/soon.crt"), "soon", Clock.systemUTC(), 3);
        KeygenRunner.Run r = tool.run("list");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("  default.crt  CN=alice, O=gensio, OU=client  expires "), r.out());
        assertTrue(r.out().contains("  h,9.crt  CN=alice"), r.out());
        assertTrue(r.out().contains("  soon.crt  CN=soon, O=gensio, OU=client  expires ") && r.out().contains("expires in 2 days"), r.out());
        assertTrue(r.out().contains("  srv,852.crt  CN=srv, O=gensio, OU=client  expires ") && r.out().contains("EXPIRED"), r.out());
        assertFalse(r.out().contains("PRIVATE"));
        assertFalse(r.out().contains("WARNING"), r.out());
        assertEquals(4, r.out().split("SHA256 ").length - 1);

        Files.setPosixFilePermissions(base.resolve("default.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(tool.run("list").out().contains("  WARNING: " + base.resolve("default.key") + " is accessible by others, giving up"));
    }

    @Test
    void versionHelpAndUsageErrors() {
        KeygenRunner.Run v = tool.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("jgtlssh-keygen "), v.out());
        KeygenRunner.Run h = tool.run("--help");
        assertEquals(0, h.code());
        for (String c : List.of("keygen", "setup", "rehash", "addallow", "pushcert", "enroll", "serverkey", "fingerprint", "list")) {
            assertTrue(h.out().contains("  " + c), c);
        }
        assertEquals(0, tool.run("keygen", "--help").code());
        KeygenRunner.Run none = tool.run();
        assertEquals(2, none.code());
        assertEquals("No command given, use --help for help\n", none.err());
        assertEquals(2, tool.run("frobnicate").code());
        assertEquals(2, tool.run("--bogus", "setup").code());
    }

    @Test
    void pushcertAndEnrollFailLoudlyWhenTheClientCannotRun() throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        KeygenRunner.Run p = tool.run("pushcert", "-p", "1", "localhost");
        assertEquals(1, p.code(), p.toString());
        assertTrue(p.out().contains("Could not find an old certificate for localhost,1."), p.out());
        assertTrue(p.err().contains("Unable to run " + home.resolve("no-such-client")), p.err());
        KeygenRunner.Run e = tool.run("enroll", "-p", "1", "localhost");
        assertEquals(1, e.code(), e.toString());
        KeygenRunner.Run badPush = tool.run("pushcert", "localhost", "../x");
        assertEquals(1, badPush.code());
        assertEquals("invalid host name '../x': it contains '..'\n", badPush.err());
        KeygenRunner.Run bad = tool.run("enroll", "../x");
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("invalid host name"), bad.err());
    }

    @Test
    void enrollFailsWhenTheLoginFails(@TempDir Path bin) throws Exception {
        assertEquals(0, tool.run("-f", "setup").code());
        Path fake = bin.resolve("client");
        Files.writeString(fake, "#!/bin/sh\nread line\necho 'Unable to connect' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        tool.client(List.of(fake.toString()));
        KeygenRunner.Run e = tool.run("enroll", "localhost");
        assertEquals(1, e.code(), e.toString());
        assertTrue(e.err().contains("Unable to connect"), e.err());
        assertTrue(e.err().contains("failed: the login to send it failed"), e.err());

        // a client that exits 0 without doing anything (the real gtlssh's exit status proves nothing)
        Files.writeString(fake, "#!/bin/sh\nexit 0\n");
        KeygenRunner.Run silent = tool.run("enroll", "localhost");
        assertEquals(1, silent.code(), silent.toString());
        assertTrue(silent.err().contains("a login with it did not work afterwards"), silent.err());
    }

    /** Like gtlssh-keygen, the tool works in $HOME (the JVM's user.home comes from passwd and ignores it). */
    @Test
    void homeIsTakenFromTheEnvironment() {
        assertEquals(Path.of("/tmp/elsewhere"), KeygenEnvironment.home(java.util.Map.of("HOME", "/tmp/elsewhere")));
        assertEquals(Path.of(System.getProperty("user.home")), KeygenEnvironment.home(java.util.Map.of()));
        assertEquals(Path.of(System.getProperty("user.home")), KeygenEnvironment.home(java.util.Map.of("HOME", "relative")));
    }

    /** The tool as a process (its real main and environment): HOME decides where the keys go. */
    @Test
    void theProgramWritesUnderHome() throws Exception {
        List<String> cmd = org.jgtlssh.testutil.OurJvm.command(JgtlsshKeygen.class,
                // stands in for the passwd home, so that a regression cannot touch the real one
                List.of("-Duser.home=" + home.resolve("passwd-home")), List.of("-f", "keygen"));
        try (var p = org.jgtlssh.testutil.ManagedProcess.start(cmd, java.util.Map.of("HOME", home.toString()), home, true)) {
            p.stdin().close();
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.err());
        }
        assertTrue(Files.isRegularFile(base.resolve("default.key")));
        assertFalse(Files.exists(home.resolve("passwd-home")));
    }
}
