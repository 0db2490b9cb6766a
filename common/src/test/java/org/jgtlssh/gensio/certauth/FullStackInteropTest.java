package org.jgtlssh.gensio.certauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.mux.MuxChannel;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.PythonGensioPeer;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gtlssh stack {@code mux,certauth,ssl,tcp} against the real gensio 2.6.2 (python3-gensio bindings)
 * in both roles, with keys made by the real gtlssh-keygen, gtlssh's mux buffer sizes, and two mux channels
 * carrying data both ways at once. The same two-channel scenarios run over plain mux in
 * {@code MuxInteropTest} ({@link PythonGensioPeer} holds them).
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FullStackInteropTest {
    static final String MUX = "mux(writebuf=65496,readbuf=1048128)";
    static final int N = 1_000_000;

    @TempDir
    static Path home;

    static Path allowed;
    static final Map<String, String[]> ID = new java.util.HashMap<>();

    @BeforeAll
    static void keys() throws Exception {
        keygen("-f", "--commonname", "edUser", "keygen");
        keygen("-f", "--algorithm", "ec", "--commonname", "ecUser", "keygen", "echost");
        keygen("-f", "--algorithm", "rsa", "--commonname", "rsaUser", "keygen", "rsahost");
        Path k = home.resolve(".gtlssh");
        ID.put("ed25519", new String[] {k.resolve("default.key").toString(), k.resolve("default.crt").toString()});
        ID.put("ec", new String[] {k.resolve("keycerts/echost.key").toString(), k.resolve("keycerts/echost.crt").toString()});
        ID.put("rsa", new String[] {k.resolve("keycerts/rsahost.key").toString(), k.resolve("keycerts/rsahost.crt").toString()});
        allowed = home.resolve("allowed");
        Files.createDirectories(allowed);
        for (String a : List.of("ed25519", "ec", "rsa")) {
            Files.copy(Path.of(ID.get(a)[1]), allowed.resolve(a + ".crt"));
        }
        keygen("rehash", allowed.toString());
    }

    static void keygen(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(RealGensio.binary("gtlssh-keygen")));
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd, Map.of("HOME", home.toString()), home, true)) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ec", "rsa"})
    void realGensioClientUsesTwoChannelsWithOurServer(String alg) throws Exception {
        String[] id = ID.get(alg);
        List<Map<String, Object>> auth = new CopyOnWriteArrayList<>();
        OpenContext ctx = OpenContext.of(new GensioListener() {
            @Override
            public void event(String layer, String event, Map<String, Object> d) {
                if (layer.equals("certauth")) {
                    auth.add(Map.of("event", event, "user", d.get("user")));
                }
            }
        });
        try (Accepter acc = Gensios.accepter(MUX + ",certauth(CA=" + allowed + "/),ssl(key=" + id[0] + ",cert=" + id[1]
                + "),tcp,127.0.0.1,0", ctx)) {
            String connector = MUX + ",certauth(username=" + alg + ",cert=" + id[1] + ",key=" + id[0] + "),ssl(CA="
                    + id[1] + "),tcp,127.0.0.1," + acc.port();
            PythonGensioPeer.realClientEchoedByUs(acc, connector, N, Map.of("HOME", home.toString()), home, first -> {
                assertTrue(first.isEncrypted() && first.isAuthenticated());
                assertEquals(List.of(Map.of("event", "auth-ok", "user", alg)), auth);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ec", "rsa"})
    void ourClientUsesTwoChannelsWithARealGensioServer(String alg) throws Exception {
        String[] id = ID.get(alg);
        int port = FreePort.find();
        try (ManagedProcess srv = PythonGensioPeer.server(MUX + ",certauth(CA=" + allowed + "/),ssl(key=" + id[0]
                + ",cert=" + id[1] + "),tcp,127.0.0.1," + port, Map.of("HOME", home.toString()), home)) {
            MuxChannel first;
            try {
                first = (MuxChannel) Gensios.connect(MUX + ",certauth(username=" + alg + ",cert=" + id[1] + ",key="
                        + id[0] + "),ssl(CA=" + allowed + "/),tcp,127.0.0.1," + port);
            } catch (IOException e) {
                throw new AssertionError("real gensio said: " + srv.out() + srv.err(), e);
            }
            assertTrue(first.isEncrypted());
            PythonGensioPeer.ourClientEchoedByRealServer(srv, first, N);
        }
    }
}
