package org.jgtlssh.keygen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jgtlssh.keys.GtlsshDir;
import org.jgtlssh.keys.HashedDirectory;
import org.jgtlssh.keys.PemWriter;
import org.jgtlssh.keys.SubjectHash;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interchangeability with gensio 2.6.2: keys and links we make are used by the real gtlssh and gtlsshd,
 * and what the real gtlssh-keygen makes is read by us.
 */
class RealGtlsshInteropTest {
    @TempDir
    Path tmp;

    private static Map<String, Set<String>> links(Path d) throws Exception {
        Map<String, Set<String>> m = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                if (Files.isSymbolicLink(p)) {
                    String n = p.getFileName().toString();
                    m.computeIfAbsent(n.substring(0, n.indexOf('.')), k -> new TreeSet<>()).add(Files.readSymbolicLink(p).toString());
                }
            }
        }
        return m;
    }

    private static void deleteLinks(Path d) throws Exception {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                if (Files.isSymbolicLink(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String realKeygen(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealGensio.binary("gtlssh-keygen")));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd, Map.of("HOME", home.toString()), null, true)) {
            p.stdin().close();
            int code = p.waitFor(Duration.ofSeconds(30));
            assertEquals(0, code, p.err());
            return p.out();
        }
    }

    private static void assumeRoot() throws Exception {
        Assumptions.assumeTrue(GtlsshDir.currentUid() == 0,
                "gtlsshd logs in the running user; the mount namespace trick that keeps /root untouched needs root");
    }

    /**
     * Our server key, our client keys (ed25519 default, ec, rsa) and our allowed_certs links: the real
     * gtlssh logs in to the real gtlsshd. Then our rehash of server_certs is what the real gtlssh uses to
     * recognise the server without asking.
     */
    @Test
    void ourKeysLogInWithTheRealProgramsAndOurRehashServesTheRealClient() throws Exception {
        assumeRoot();
        Path clientHome = Files.createDirectory(tmp.resolve("client"));
        Path srv = tmp.resolve("srv");
        KeygenRunner client = new KeygenRunner(clientHome);
        KeygenRunner rootUser = new KeygenRunner(tmp.resolve("roothome"));
        assertEquals(0, client.run("--keydir", srv.toString(), "serverkey").code());
        assertEquals(0, client.run("-f", "setup").code());
        Files.createDirectory(tmp.resolve("roothome"));
        KeygenRunner.Run allow = rootUser.run("-f", "addallow", "client", clientHome.resolve(".gtlssh/default.crt").toString());
        assertEquals(0, allow.code(), allow.toString());

        try (RealGtlsshd d = RealGtlsshd.start(tmp.resolve("roothome"), srv.resolve("gtlsshd.key"), srv.resolve("gtlsshd.crt"))) {
            String port = Integer.toString(d.port);
            RealGtlsshd.Result first = RealGtlsshd.gtlssh(clientHome, "y\n", "--nointeractive", "-p", port, "localhost", "echo", "hi");
            assertTrue(first.out().contains("Add this certificate?"), "first contact asks: " + first);
            if (!first.out().contains("hi")) { // the output race of gensio 2.6.2, see gtlsshExpecting
                first = RealGtlsshd.gtlsshExpecting("hi", clientHome, "n\n", "--nointeractive", "-p", port, "localhost", "echo", "hi");
            }
            assertTrue(first.out().contains("hi"), first.toString());

            // Throw away the links the real tool made; ours must do.
            Path sc = clientHome.resolve(".gtlssh/server_certs");
            deleteLinks(sc);
            KeygenRunner.Run rh = client.run("rehash");
            assertEquals(0, rh.code(), rh.toString());
            String expectedHash = OpenSslCli.ok("x509", "-noout", "-subject_hash", "-in", srv.resolve("gtlsshd.crt").toString()).trim();
            assertEquals(Set.of(expectedHash), links(sc).keySet());
            RealGtlsshd.Result second = RealGtlsshd.gtlsshExpecting("again", clientHome, "n\n", "--nointeractive", "-p", port, "localhost", "echo", "again");
            assertTrue(second.out().contains("again"), second.toString());
            assertFalse(second.out().contains("Add this certificate?"), second.toString());

            // ec and rsa per-destination keys, picked up by gtlssh from keycerts/<host>,<port>.*
            for (String alg : List.of("ec", "rsa")) {
                KeygenRunner.Run k = client.run("-f", "--algorithm", alg, "keygen", "-p", port, "localhost");
                assertEquals(0, k.code(), k.toString());
                Path crt = clientHome.resolve(".gtlssh/keycerts/localhost," + port + ".crt");
                assertEquals(0, rootUser.run("-f", "addallow", "client-" + alg, crt.toString()).code());
                RealGtlsshd.Result r = RealGtlsshd.gtlsshExpecting(alg + "-ok", clientHome, "n\n", "--nointeractive", "-p", port, "localhost", "echo", alg + "-ok");
                assertTrue(r.out().contains(alg + "-ok"), alg + ": " + r);
            }
            // and a key that is not allowed is refused by the real server (the test can fail)
            assertEquals(0, client.run("-f", "keygen", "-p", port, "localhost").code());
            RealGtlsshd.Result refused = RealGtlsshd.gtlsshExpecting("nope", clientHome, "n\n", "--nointeractive", "-p", port, "localhost", "echo", "nope");
            assertFalse(refused.out().contains("nope"), refused.toString());
        }
    }

    /**
     * enroll and pushcert drive the real gtlssh, which runs the real gtlssh-keygen addallow remotely;
     * enroll proves the result with a login and fails when it does not work.
     */
    @Test
    void enrollAndPushcertThroughTheRealClientAndServer() throws Exception {
        assumeRoot();
        Path clientHome = Files.createDirectory(tmp.resolve("client"));
        Path roothome = Files.createDirectory(tmp.resolve("roothome"));
        Path srv = tmp.resolve("srv");
        KeygenRunner client = new KeygenRunner(clientHome).client(List.of(RealGensio.binary("gtlssh")));
        KeygenRunner rootUser = new KeygenRunner(roothome);
        assertEquals(0, client.run("--keydir", srv.toString(), "serverkey").code());
        assertEquals(0, client.run("-f", "setup").code());
        assertEquals(0, rootUser.run("-f", "addallow", "old", clientHome.resolve(".gtlssh/default.crt").toString()).code());

        try (RealGtlsshd d = RealGtlsshd.start(roothome, srv.resolve("gtlsshd.key"), srv.resolve("gtlsshd.crt"))) {
            String port = Integer.toString(d.port);
            // trust the server first (enroll works over an already-trusted login)
            assertTrue(RealGtlsshd.gtlsshExpecting("hi", clientHome, "y\n", "--nointeractive", "-p", port, "localhost", "echo", "hi")
                    .out().contains("hi"));

            assertEquals(0, client.run("-f", "keygen").code()); // the old pair becomes default.*.1
            KeygenRunner.Run e = client.run("enroll", "-n", "laptop", "-p", port, "localhost");
            assertEquals(0, e.code(), e.toString());
            assertTrue(e.out().contains("enrolled at localhost and verified by a login"), e.toString());
            Path installed = roothome.resolve(".gtlssh/allowed_certs/laptop.crt");
            assertArrayEquals(Files.readAllBytes(clientHome.resolve(".gtlssh/default.crt")), Files.readAllBytes(installed));

            // pushcert -p and -n work (they are broken in gtlssh-keygen 2.6.2)
            assertEquals(0, client.run("-f", "keygen", "-p", port, "localhost").code());
            Files.copy(clientHome.resolve(".gtlssh/default.crt"), clientHome.resolve(".gtlssh/keycerts/localhost," + port + ".crt.1"));
            Files.copy(clientHome.resolve(".gtlssh/default.key"), clientHome.resolve(".gtlssh/keycerts/localhost," + port + ".key.1"));
            Path perhost = roothome.resolve(".gtlssh/allowed_certs/perhost.crt");
            KeygenRunner.Run p = null;
            for (int i = 0; i < 3 && !Files.exists(perhost); i++) { // see RealGtlsshd.gtlsshExpecting
                p = client.run("pushcert", "-n", "perhost", "-p", port, "localhost");
                assertEquals(0, p.code(), p.toString());
            }
            assertTrue(Files.exists(perhost), String.valueOf(p));

            // our addallow -i as the remote end of a push, fed by the real gtlssh through the real gtlsshd
            String ourKeygen = Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 -cp "
                    + remoteClassPath() + " " + JgtlsshKeygen.class.getName();
            Path viaOursCrt = roothome.resolve(".gtlssh/allowed_certs/viaours.crt");
            KeygenRunner.Run viaOurs = null;
            for (int i = 0; i < 3 && !Files.exists(viaOursCrt); i++) { // see RealGtlsshd.gtlsshExpecting
                viaOurs = client.run("pushcert", "--remote-keygen", ourKeygen, "-n", "viaours", "-p", port, "localhost");
                assertEquals(0, viaOurs.code(), viaOurs.toString());
            }
            assertTrue(Files.exists(viaOursCrt), viaOurs.toString());
            assertTrue(HashedDirectory.lookup(roothome.resolve(".gtlssh/allowed_certs"), HashedDirectory.load(viaOursCrt)).isPresent());

            // nothing allowed any more: enroll must fail, with a non-zero status
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(roothome.resolve(".gtlssh/allowed_certs"))) {
                for (Path f : ds) {
                    Files.delete(f);
                }
            }
            assertEquals(0, client.run("-f", "keygen").code());
            KeygenRunner.Run failed = client.run("enroll", "-p", port, "localhost");
            assertEquals(1, failed.code(), failed.toString());
        }
    }

    /**
     * A class path for running jgtlssh-keygen as the remote command. The session sees our temporary
     * directory bound over /root, so jars from ~/.m2 are copied next to the test first.
     */
    private String remoteClassPath() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cp"));
        List<String> cp = new ArrayList<>();
        for (Class<?> c : List.of(JgtlsshKeygen.class, GtlsshDir.class, picocli.CommandLine.class)) {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p)) {
                Path copy = dir.resolve(p.getFileName());
                if (!Files.exists(copy)) {
                    Files.copy(p, copy);
                }
                p = copy;
            }
            cp.add(p.toString());
        }
        return String.join(":", cp);
    }

    /** What the real gtlssh-keygen makes, we read; our links and its links are the same. */
    @Test
    void keysAndLinksOfTheRealKeygenAreOurs() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        realKeygen(home, "-f", "setup");
        realKeygen(home, "-f", "keygen", "-p", "99", "peer");
        Path base = home.resolve(".gtlssh");

        // the real key is read by the JDK and matches the real certificate; we write it back byte for byte
        String pem = Files.readString(base.resolve("default.key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        X509Certificate crt = HashedDirectory.load(base.resolve("default.crt"));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update("x".getBytes(StandardCharsets.US_ASCII));
        byte[] sig = s.sign();
        s.initVerify(crt);
        s.update("x".getBytes(StandardCharsets.US_ASCII));
        assertTrue(s.verify(sig));
        assertArrayEquals(pem.getBytes(StandardCharsets.US_ASCII), PemWriter.privateKey(key));

        KeygenRunner ours = new KeygenRunner(home);
        KeygenRunner.Run list = ours.run("list");
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().contains("default.crt  CN=root, O=gensio, OU=client") || list.out().contains("default.crt  CN="), list.out());
        assertTrue(list.out().contains("peer,99.crt"), list.out());

        // the same certificates, hashed by the real tool and by us
        Path realDir = Files.createDirectory(tmp.resolve("real"));
        Path ourDir = Files.createDirectory(tmp.resolve("ours"));
        for (Path d : List.of(realDir, ourDir)) {
            Files.copy(base.resolve("default.crt"), d.resolve("a.crt"));
            Files.copy(base.resolve("keycerts/peer,99.crt"), d.resolve("b.crt")); // same subject: .0 and .1
            assertEquals(0, ours.run("--keydir", d.toString(), "-f", "serverkey", "s").code());
            Files.delete(d.resolve("s.key"));
        }
        Files.copy(ourDir.resolve("s.crt"), realDir.resolve("s.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        realKeygen(home, "rehash", realDir.toString());
        assertEquals(0, ours.run("rehash", ourDir.toString()).code());
        assertEquals(links(realDir), links(ourDir));
        assertEquals(3, links(ourDir).values().stream().mapToInt(Set::size).sum());
        for (String f : List.of("a.crt", "b.crt", "s.crt")) {
            String h = OpenSslCli.ok("x509", "-noout", "-subject_hash", "-in", ourDir.resolve(f).toString()).trim();
            assertEquals(h, SubjectHash.of(HashedDirectory.load(ourDir.resolve(f))), f);
            assertTrue(links(ourDir).get(h).contains(f), f);
        }
    }
}
