package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust on first use over server certificates made by the real gtlssh-keygen. */
class HostTrustTest {
    private static final String ADDR = "ipv4,127.0.0.1,9999";

    @TempDir
    Path tmp;

    Path ca;
    X509Certificate server;
    X509Certificate other;
    byte[] serverPem;

    @BeforeEach
    void setUp() throws Exception {
        ca = tmp.resolve("server_certs");
        Files.createDirectory(ca, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        serverPem = serverKey("srv", "gtlsshd");
        server = parse(tmp.resolve("srv/gtlsshd.crt"));
        serverKey("srv2", "gtlsshd");
        other = parse(tmp.resolve("srv2/gtlsshd.crt"));
    }

    private byte[] serverKey(String dir, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealGensio.binary("gtlssh-keygen"), "-f", "--keydir",
                tmp.resolve(dir).toString(), "serverkey", name));
        try (ManagedProcess p = ManagedProcess.start(cmd, Map.of("HOME", tmp.toString()), tmp, true)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(20)), p.err());
        }
        return Files.readAllBytes(tmp.resolve(dir).resolve(name + ".crt"));
    }

    static X509Certificate parse(Path p) throws Exception {
        try (InputStream in = Files.newInputStream(p)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private HostTrust trust(String host, int port) {
        return new HostTrust(ca, host, port, Clock.systemUTC());
    }

    @Test
    void firstContactAskedAndStoredSecondSilent() throws Exception {
        ScriptedPrompter ui = new ScriptedPrompter("y");
        trust("box", 9999).verify(server, ADDR, true, ui);
        assertEquals(1, ui.questions);
        assertTrue(ui.shown.toString().contains("SHA256 fingerprint: "), ui.shown.toString());
        assertTrue(ui.shown.toString().contains(org.jgtlssh.keys.Fingerprints.sha1(server)));

        Path n1 = ca.resolve("box,9999.crt");
        Path n2 = ca.resolve("ipv4,127.0.0.1,9999.crt");
        // byte-identical to OpenSSL's PEM: the real gtlssh compares bytes
        assertArrayEquals(serverPem, Files.readAllBytes(n1));
        assertArrayEquals(serverPem, Files.readAllBytes(n2));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(n1)));
        // a hash link, so OpenSSL (and so gtlssh) finds it
        try (ManagedProcess p = ManagedProcess.start("openssl", "verify", "-CApath", ca.toString(), n1.toString())) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(20)), p.out() + p.err());
        }

        ScriptedPrompter again = new ScriptedPrompter();
        trust("box", 9999).verify(server, ADDR, true, again);
        assertEquals(0, again.questions);
        assertEquals("", again.shown.toString());
        assertInstanceOf(HostTrust.Trusted.class, trust("box", 9999).check(server, ADDR));
    }

    @Test
    void changedCertificateRefusedLoudlyNamingTheFileAndNeverAsked() throws Exception {
        trust("box", 9999).verify(server, ADDR, true, new ScriptedPrompter("y"));
        byte[] before = Files.readAllBytes(ca.resolve("box,9999.crt"));
        ScriptedPrompter ui = new ScriptedPrompter("y");
        HostTrust.RefusedException e = assertThrows(HostTrust.RefusedException.class,
                () -> trust("box", 9999).verify(other, ADDR, true, ui));
        assertEquals(0, ui.questions, "a changed certificate is never offered for acceptance");
        assertTrue(e.getMessage().contains("REMOTE HOST CERTIFICATE HAS CHANGED"));
        assertTrue(e.getMessage().contains(ca.resolve("box,9999.crt").toString()), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(ca.resolve("box,9999.crt")), "never replaced");
        // the address file alone also catches it (same server reached under a new name)
        assertInstanceOf(HostTrust.Changed.class, trust("newname", 9999).check(other, ADDR));
    }

    @Test
    void nointeractiveRefusesUnknownHostAndWritesNothing() throws Exception {
        ScriptedPrompter ui = new ScriptedPrompter("y");
        HostTrust.RefusedException e = assertThrows(HostTrust.RefusedException.class,
                () -> trust("box", 9999).verify(server, ADDR, false, ui));
        assertEquals(0, ui.questions);
        assertTrue(e.getMessage().contains("--nointeractive"));
        try (var s = Files.list(ca)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void answersLikeGtlssh() throws Exception {
        assertThrows(HostTrust.RefusedException.class,
                () -> trust("box", 9999).verify(server, ADDR, true, new ScriptedPrompter("n")));
        HostTrust.RefusedException eof = assertThrows(HostTrust.RefusedException.class,
                () -> trust("box", 9999).verify(server, ADDR, true, new ScriptedPrompter()));
        assertEquals("Error reading input, giving up\n", eof.getMessage());
        ScriptedPrompter ui = new ScriptedPrompter("maybe", "y");
        trust("box", 9999).verify(server, ADDR, true, ui);
        assertTrue(ui.shown.toString().contains("Invalid input: maybe"));
        assertEquals(2, ui.questions);
    }

    @Test
    void sameKeyUnderANewNameIsAskedWithWhereItIsKnown() throws Exception {
        trust("box", 9999).verify(server, ADDR, true, new ScriptedPrompter("y"));
        HostTrust.Verdict v = trust("alias", 9999).check(server, ADDR);
        HostTrust.Missing m = assertInstanceOf(HostTrust.Missing.class, v);
        assertEquals(List.of(ca.resolve("alias,9999.crt")), m.missing());
        ScriptedPrompter ui = new ScriptedPrompter("y");
        trust("alias", 9999).verify(server, ADDR, true, ui);
        assertTrue(ui.shown.toString().contains("is already trusted as"), ui.shown.toString());
        assertTrue(Files.exists(ca.resolve("alias,9999.crt")));
    }

    @Test
    void garbageInAStoredFileCountsAsChanged() throws Exception {
        Files.writeString(ca.resolve("box,9999.crt"), "not a certificate\n");
        assertInstanceOf(HostTrust.Changed.class, trust("box", 9999).check(server, ADDR));
    }

    @Test
    void hostNamesThatClimbOutOfTheDirectoryAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> trust("../x", 1));
        assertThrows(IllegalArgumentException.class, () -> trust("a/b", 1));
        assertFalse(trust("ok.example", 1).hostFile().toString().contains(".."));
    }
}
