package org.jgtlssh.gensio.certauth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.Accepting;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.jgtlssh.testutil.TcpListeners;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ssl and certauth against Debian's real gensio 2.6.2 ({@code gensiot}), in both roles, over TCP on
 * 127.0.0.1, with Ed25519, EC and RSA keys made by the real {@code gtlssh-keygen}; data both ways.
 */
class SecureInteropTest {
    @TempDir
    static Path home;

    static Path keys;
    static Path allowed;
    static final Map<String, String[]> ID = new java.util.HashMap<>(); // alg -> {key, cert}

    @BeforeAll
    static void makeKeysWithTheRealKeygen() throws Exception {
        keys = home.resolve(".gtlssh");
        keygen("-f", "--commonname", "edUser", "keygen");
        keygen("-f", "--algorithm", "ec", "--commonname", "ecUser", "keygen", "echost");
        keygen("-f", "--algorithm", "rsa", "--commonname", "rsaUser", "keygen", "rsahost");
        keygen("-f", "--commonname", "stranger", "keygen", "strangerhost");
        ID.put("ed25519", new String[] {keys.resolve("default.key").toString(), keys.resolve("default.crt").toString()});
        ID.put("ec", new String[] {keys.resolve("keycerts/echost.key").toString(), keys.resolve("keycerts/echost.crt").toString()});
        ID.put("rsa", new String[] {keys.resolve("keycerts/rsahost.key").toString(), keys.resolve("keycerts/rsahost.crt").toString()});
        ID.put("stranger", new String[] {keys.resolve("keycerts/strangerhost.key").toString(),
                keys.resolve("keycerts/strangerhost.crt").toString()});
        allowed = home.resolve("allowed");
        Files.createDirectories(allowed);
        for (String a : List.of("ed25519", "ec", "rsa")) {
            Files.copy(Path.of(ID.get(a)[1]), allowed.resolve(a + ".crt"));
        }
        keygen("rehash", allowed.toString()); // OpenSSL hash links, as gtlsshd's users have them
    }

    static void keygen(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(RealGensio.binary("gtlssh-keygen")));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd, Map.of("HOME", home.toString()), home, true)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.err());
        }
    }

    /**
     * The real gensiot as accepter on a free port. Its {@code -p} output is block-buffered into a pipe,
     * so readiness is awaited on the kernel's listening-socket table instead.
     */
    static ManagedProcess realAccepter(String stack, int[] port) throws Exception {
        port[0] = FreePort.find();
        String s = stack.substring(0, stack.length() - 1) + port[0];
        ManagedProcess p = ManagedProcess.start(List.of(RealGensio.gensiot(), "-a", s), Map.of(), home, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> TcpListeners.isListening(port[0]) || !p.isAlive());
        assertTrue(p.isAlive(), "gensiot accepter did not start: " + p.err());
        return p;
    }

    static String readLine(Gensio g) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[1];
        while (g.read(b, 0, 1) == 1 && b[0] != '\n') {
            sb.append((char) b[0]);
        }
        return sb.toString();
    }

    /**
     * One line each way: {@code up} from us (the peer prints it), then {@code down} from the peer (typed
     * into its stdin), read by us.
     */
    static void exchange(Gensio g, ManagedProcess peer, String up, String down) throws IOException {
        g.write((up + "\n").getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.out().contains(up));
        send(peer, down + "\n");
        assertEquals(down, readLine(g));
    }

    static void send(ManagedProcess p, String s) throws IOException {
        p.stdin().write(s.getBytes(StandardCharsets.US_ASCII));
        p.stdin().flush();
    }

    // ---- ours as client, real gensiot as accepter --------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ec", "rsa"})
    void ourClientAgainstRealAccepter(String alg) throws Exception {
        String[] id = ID.get(alg);
        int[] port = new int[1];
        try (ManagedProcess real = realAccepter("certauth(CA=" + allowed + "/),ssl(key=" + id[0] + ",cert=" + id[1]
                + "),tcp,127.0.0.1,0", port)) {
            // CA= a hashed directory made by the real 'gtlssh-keygen rehash' (as gtlssh's server_certs/)
            Gensio g = Gensios.connect("certauth(cert=" + id[1] + ",key=" + id[0] + ",username=" + alg + "),ssl(CA="
                    + allowed + "/),tcp,127.0.0.1," + port[0]);
            try {
                assertTrue(g.child().isAuthenticated(), "server certificate verified against CA=");
                exchange(g, real, "from-java-" + alg, "from-gensio-" + alg);
            } finally {
                g.close();
            }
            assertEquals(0, real.waitFor(Duration.ofSeconds(10)), real.err());
        }
    }

    @Test
    void ourSslClientAgainstRealSslAccepter() throws Exception {
        String[] id = ID.get("rsa");
        int[] port = new int[1];
        try (ManagedProcess real = realAccepter("ssl(key=" + id[0] + ",cert=" + id[1] + "),tcp,127.0.0.1,0", port)) {
            Gensio g = Gensios.connect("ssl(CA=" + id[1] + "),tcp,127.0.0.1," + port[0]);
            try {
                assertEquals("TLSv1.3", g.get(Controls.TLS_PROTOCOL).orElseThrow());
                exchange(g, real, "ssl-only", "back");
            } finally {
                g.close();
            }
        }
    }

    @Test
    void realAccepterRefusesAnUnknownCertificate() throws Exception {
        String[] id = ID.get("ed25519");
        String[] bad = ID.get("stranger");
        int[] port = new int[1];
        try (ManagedProcess real = realAccepter("certauth(CA=" + allowed + "/),ssl(key=" + id[0] + ",cert=" + id[1]
                + "),tcp,127.0.0.1,0", port)) {
            IOException e = assertThrows(IOException.class, () -> Gensios.connect("certauth(cert=" + bad[1] + ",key="
                    + bad[0] + ",username=x),ssl(CA=" + id[1] + "),tcp,127.0.0.1," + port[0]));
            assertTrue(e.getMessage().contains("certauth: authentication refused by the server"), e.getMessage());
        }
    }

    @Test
    void ourClientRefusesARealServerWithAnUnknownCertificate() throws Exception {
        String[] id = ID.get("ec");
        int[] port = new int[1];
        try (ManagedProcess real = realAccepter("ssl(key=" + id[0] + ",cert=" + id[1] + "),tcp,127.0.0.1,0", port)) {
            IOException e = assertThrows(IOException.class, () -> Gensios.connect("ssl(CA=" + ID.get("rsa")[1]
                    + "),tcp,127.0.0.1," + port[0]));
            assertTrue(e.getMessage().contains("ssl: certificate is not valid"), e.getMessage());
        }
    }

    // ---- real gensiot as client, ours as accepter --------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ec", "rsa"})
    void realClientAgainstOurAccepter(String alg) throws Exception {
        String[] id = ID.get(alg);
        try (Accepter acc = Gensios.accepter("certauth(CA=" + allowed + "/),ssl(key=" + id[0] + ",cert=" + id[1]
                + "),tcp,127.0.0.1,0")) {
            CompletableFuture<Gensio> opened = Accepting.next(acc);
            try (ManagedProcess real = ManagedProcess.start(List.of(RealGensio.gensiot(), "certauth(username=" + alg
                    + ",cert=" + id[1] + ",key=" + id[0] + "),ssl(CA=" + id[1] + "),tcp,127.0.0.1," + acc.port()),
                    Map.of(), home, true)) {
                Gensio g = opened.get(20, TimeUnit.SECONDS);
                AuthResult.Authenticated a = assertInstanceOf(AuthResult.Authenticated.class,
                        g.get(Certauth.RESULT).orElseThrow());
                assertEquals(alg, a.user());
                assertTrue(a.certificate().endsWith(alg + ".crt"), a.certificate());
                assertFalse(a.channelBound(), "a gensio client signs the plain form; our challenge marker is harmless");
                send(real, "from-gensio\n");
                assertEquals("from-gensio", readLine(g));
                g.write(("from-java\n").getBytes(StandardCharsets.US_ASCII));
                await().atMost(Duration.ofSeconds(10)).until(() -> real.out().contains("from-java"));
                real.stdin().close(); // gensiot closes the connection at stdin EOF
                byte[] b = new byte[16];
                assertEquals(-1, g.read(b, 0, b.length), "the peer's close_notify/EOF is our EOF");
                g.close();
                assertEquals(0, real.waitFor(Duration.ofSeconds(10)), real.err());
            }
        }
    }

    @Test
    void realSslClientAgainstOurSslAccepter() throws Exception {
        String[] id = ID.get("ed25519");
        try (Accepter acc = Gensios.accepter("ssl(key=" + id[0] + ",cert=" + id[1] + "),tcp,127.0.0.1,0")) {
            CompletableFuture<Gensio> opened = Accepting.next(acc);
            try (ManagedProcess real = ManagedProcess.start(List.of(RealGensio.gensiot(), "ssl(CA=" + id[1]
                    + "),tcp,127.0.0.1," + acc.port()), Map.of(), home, true)) {
                Gensio g = opened.get(20, TimeUnit.SECONDS);
                send(real, "tls-hello\n");
                assertEquals("tls-hello", readLine(g));
                g.write("tls-back\n".getBytes(StandardCharsets.US_ASCII));
                await().atMost(Duration.ofSeconds(10)).until(() -> real.out().contains("tls-back"));
                g.close();
                assertEquals(0, real.waitFor(Duration.ofSeconds(10)), real.err());
            }
        }
    }

    /** A refused real client: unknown certificate, expired certificate, or a key that is not the certificate's. */
    @ParameterizedTest
    @ValueSource(strings = {"unknown", "expired", "wrong-key"})
    void ourAccepterRefusesARealClient(String why) throws Exception {
        String[] id = ID.get("ed25519");
        String[] bad = switch (why) {
            case "unknown" -> ID.get("stranger");
            case "wrong-key" -> new String[] {ID.get("stranger")[0], ID.get("ed25519")[1]};
            default -> {
                java.time.Instant now = java.time.Instant.now();
                org.jgtlssh.gensio.ssl.TestCerts.Identity old = org.jgtlssh.gensio.ssl.TestCerts.selfSigned(
                        home.resolve("expired"), "olduser", "ed25519", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
                Files.copy(old.cert(), allowed.resolve("olduser.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                yield new String[] {old.key().toString(), old.cert().toString()};
            }
        };
        try (Accepter acc = Gensios.accepter("certauth(CA=" + allowed + "/),ssl(key=" + id[0] + ",cert=" + id[1]
                + "),tcp,127.0.0.1,0")) {
            CompletableFuture<Gensio> opened = Accepting.next(acc);
            try (ManagedProcess real = ManagedProcess.start(List.of(RealGensio.gensiot(), "certauth(username=x,cert="
                    + bad[1] + ",key=" + bad[0] + "),ssl(CA=" + id[1] + "),tcp,127.0.0.1," + acc.port()), Map.of(), home, true)) {
                Exception e = assertThrows(Exception.class, () -> opened.get(20, TimeUnit.SECONDS));
                assertTrue(e.getCause().getCause().getMessage().contains("authentication refused for user 'x'"),
                        e.getCause().getCause().getMessage());
                assertNotEquals(0, real.waitFor(Duration.ofSeconds(10)), "gensiot reports the refusal");
            }
        }
    }

    @Test
    void tls11OnlyPeerIsRefused() throws Exception {
        String[] id = ID.get("ed25519");
        try (Accepter acc = Gensios.accepter("ssl(key=" + id[0] + ",cert=" + id[1] + "),tcp,127.0.0.1,0")) {
            CompletableFuture<Gensio> opened = Accepting.next(acc);
            try (ManagedProcess old = ManagedProcess.start(List.of("openssl", "s_client", "-tls1_1", "-cipher",
                    "DEFAULT@SECLEVEL=0", "-connect", "127.0.0.1:" + acc.port()), Map.of(), home, true)) {
                Exception e = assertThrows(Exception.class, () -> opened.get(20, TimeUnit.SECONDS));
                String msg = e.getCause().getCause().getMessage();
                assertTrue(msg.startsWith("ssl: TLS handshake failed") && msg.contains("TLSv1.1"), msg);
                old.stdin().close();
                assertNotEquals(0, old.waitFor(Duration.ofSeconds(10)), "the TLS 1.1 client got no session");
            }
        }
        // and our client against a TLS-1.1-only server
        int port = FreePort.find();
        try (ManagedProcess old = ManagedProcess.start(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", id[1], "-key", id[0], "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-naccept", "1", "-quiet"),
                Map.of(), home, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> TcpListeners.isListening(port) || !old.isAlive());
            IOException e = assertThrows(IOException.class, () -> Gensios.connect("ssl(CA=" + id[1] + "),tcp,127.0.0.1," + port));
            assertTrue(e.getMessage().startsWith("ssl: TLS handshake failed"), e.getMessage());
        }
    }

    @Test
    void tls12BothWaysWithOpenssl() throws Exception {
        String[] id = ID.get("ec");
        int port = FreePort.find();
        try (ManagedProcess srv = ManagedProcess.start(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", id[1], "-key", id[0], "-tls1_2", "-naccept", "1", "-quiet"), Map.of(), home, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> TcpListeners.isListening(port) || !srv.isAlive());
            Gensio g = Gensios.connect("ssl(CA=" + id[1] + "),tcp,127.0.0.1," + port);
            try {
                assertEquals("TLSv1.2", g.get(Controls.TLS_PROTOCOL).orElseThrow());
                byte[] x = g.get(Controls.TLS_EXPORTER).orElseThrow().export("EXPORTER-test", new byte[0], 32);
                assertEquals(32, x.length, "RFC 5705 exporter with extended master secret");
                exchange(g, srv, "over-tls12", "reply12");
            } finally {
                g.abort();
            }
        }
        String[] ed = ID.get("ed25519");
        try (Accepter acc = Gensios.accepter("ssl(key=" + ed[0] + ",cert=" + ed[1] + "),tcp,127.0.0.1,0")) {
            CompletableFuture<Gensio> opened = Accepting.next(acc);
            try (ManagedProcess cli = ManagedProcess.start(List.of("openssl", "s_client", "-tls1_2", "-quiet",
                    "-connect", "127.0.0.1:" + acc.port()), Map.of(), home, true)) {
                Gensio g = opened.get(20, TimeUnit.SECONDS);
                assertEquals("TLSv1.2", g.get(Controls.TLS_PROTOCOL).orElseThrow());
                send(cli, "client12\n");
                assertEquals("client12", readLine(g));
                g.close();
            }
        }
    }

    /** ssl needs only a reliable child: the same layer over relpkt (packets) as over tcp, against the real gensiot. */
    @Test
    void sslOverRelpktAgainstTheRealGensiot() throws Exception {
        String[] id = ID.get("ed25519");
        int[] port = new int[1];
        try (ManagedProcess real = realAccepter("ssl(key=" + id[0] + ",cert=" + id[1] + "),relpkt,msgdelim,tcp,127.0.0.1,0",
                port)) {
            Gensio g = Gensios.connect("ssl(CA=" + id[1] + "),relpkt,msgdelim,tcp,127.0.0.1," + port[0]);
            try {
                assertEquals("relpkt", g.child().type());
                exchange(g, real, "over-relpkt", "back-over-relpkt");
            } finally {
                // abort, not close: relpkt's close reports the real gensio closing with our last packet
                // unacknowledged (a relpkt close-ordering matter, reported to its owner)
                g.abort();
            }
        }
    }

    /** gensio's server just closes (no SERVERDONE) when there is no certificate and passwords are off (spec 7.2). */
    @Test
    void realAccepterClosesOnAClientWithoutCertificate() throws Exception {
        String[] id = ID.get("ec");
        int[] port = new int[1];
        try (ManagedProcess real = realAccepter("certauth(CA=" + allowed + "/),ssl(key=" + id[0] + ",cert=" + id[1]
                + "),tcp,127.0.0.1,0", port)) {
            IOException e = assertThrows(IOException.class, () -> Gensios.connect("certauth(username=nobody),ssl(CA="
                    + id[1] + "),tcp,127.0.0.1," + port[0]));
            assertTrue(e.getMessage().startsWith("certauth: the server closed the connection while we waited for"),
                    e.getMessage());
        }
    }
}
