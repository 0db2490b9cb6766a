package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serial console: jgtlsshd's {@code --other-acc 'conacc,relpkt(mode=server),msgdelim,serialdev,...'}
 * and the real gensiot 2.6.2 as the client over {@code certauth,ssl,relpkt,msgdelim,serialdev} (gensio's
 * gtlssh 2.6.2 cannot use a serialdev transport: it fails getting the peer address for its host-key
 * check). The session request travels as the certauth service ({@code login:}), as with
 * {@code gtlssh --nomux}.
 */
class SerialConsoleTest {
    @TempDir
    Path dir;

    private static String client(GtlsshFixture f, Path tty) {
        Path g = f.clientHome.resolve(".gtlssh");
        return "certauth(username=" + f.user.name + ",cert=" + g.resolve("default.crt") + ",key=" + g.resolve("default.key")
                + ",service=login:),ssl(CA=" + g.resolve("server_certs") + "/),relpkt,msgdelim,serialdev," + tty + ",115200n81";
    }

    /** Logs in over {@code tty}, runs {@code seq 1 n} in the login shell and returns what came back, CRLF as LF. */
    private static String loginAndSeq(GtlsshFixture f, Path tty, int n) throws Exception {
        try (ManagedProcess c = ManagedProcess.start(List.of(RealGensio.gensiot(), client(f, tty)), Map.of(), null, true)) {
            c.stdin().write(("seq 1 " + n + "; exit\n").getBytes(StandardCharsets.US_ASCII));
            c.stdin().flush();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> c.out().contains("logout") || !c.isAlive());
            c.stdin().close();
            return c.out().replace("\r\n", "\n");
        }
    }

    /**
     * Logs in and checks the output, retrying: the condition awaited is the login itself. Right after a
     * session (or a device coming back) the server is reopening the line and the last frames of the
     * previous session may still be on it; a person at a serial console retries too.
     */
    private static void loginUntilItWorks(GtlsshFixture f, Path tty, int n) {
        String[] out = {""};
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).until(() -> {
                out[0] = loginAndSeq(f, tty, n);
                return out[0].contains(seq(n));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no working login over " + tty + "; last output: " + out[0] + "\nserver: "
                    + f.server.err(), e);
        }
    }

    private static String seq(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining("\n", "\n", "\n"));
    }

    @Test
    void serialLineKeepsServingLoginsAfterEachSession() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create test accounts");
        try (SocatPtyPair line = SocatPtyPair.open(dir)) {
            try (GtlsshFixture f = new GtlsshFixture(dir.resolve("f"), "--other-acc",
                    "conacc,relpkt(mode=server),msgdelim,serialdev," + line.a() + ",115200n81")) {
                for (int round = 1; round <= 2; round++) {
                    loginUntilItWorks(f, line.b(), 50);
                }
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> f.server.err().split("User " + f.user.name + " logged out").length >= 3);
            }
        }
    }

    @Test
    void serialDeviceThatGoesAwayAndComesBackIsServedAgain() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create test accounts");
        Path lineDir = dir.resolve("line");
        Path tty = lineDir.resolve("ttyA");
        try (GtlsshFixture f = new GtlsshFixture(dir.resolve("f"), "--other-acc",
                "conacc,relpkt(mode=server),msgdelim,serialdev," + tty + ",115200n81")) {
            // no device yet: the accepter keeps retrying
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> f.server.err().contains("retrying"));
            for (int round = 1; round <= 2; round++) {
                java.nio.file.Files.createDirectories(lineDir);
                try (SocatPtyPair line = SocatPtyPair.open(lineDir)) {
                    loginUntilItWorks(f, line.b(), 20);
                }
                // the device is gone now (socat removed its links); it comes back in the next round
            }
        }
    }

    @Test
    void sessionOverALossyLineAt115200BaudWithOurStackOnBothEnds() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create test accounts");
        Path lossy = org.jgtlssh.testutil.TestPaths.shared().resolve("tools/lossy-link.py");
        assumeTrue(java.nio.file.Files.exists(lossy), "needs lossy-link.py");
        Path s = dir.resolve("ttyS");
        Path c = dir.resolve("ttyC");
        try (ManagedProcess link = ManagedProcess.start("python3", lossy.toString(), "--drop", "1e-3", "--flip", "1e-3",
                "--baud", "115200", "--seed", "7", s.toString(), c.toString())) {
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> java.nio.file.Files.exists(s) && java.nio.file.Files.exists(c));
            try (GtlsshFixture f = new GtlsshFixture(dir.resolve("f"), "--other-acc",
                    "conacc,relpkt(mode=server),msgdelim,serialdev," + s + ",115200n81")) {
                Path g = f.clientHome.resolve(".gtlssh");
                byte[] request = org.jgtlssh.gtlssh.SessionRequestCodec.encode(
                        new org.jgtlssh.gtlssh.SessionRequest.Program(List.of("seq", "1", "3000")),
                        org.jgtlssh.gtlssh.ExtensionOffer.all());
                var ctx = org.jgtlssh.gensio.OpenContext.DEFAULT
                        .with(org.jgtlssh.gensio.certauth.Certauth.SERVICE_BYTES, new byte[] {'m', 'u', 'x', 0})
                        .with(org.jgtlssh.gensio.mux.MuxSession.FIRST_SERVICE, request);
                try (org.jgtlssh.gensio.Gensio ch = org.jgtlssh.gensio.Gensios.connect("mux,certauth(username="
                        + f.user.name + ",\"cert=" + g.resolve("default.crt") + "\",\"key=" + g.resolve("default.key")
                        + "\"),ssl(\"CA=" + g.resolve("server_certs") + "/\"),relpkt,msgdelim,serialdev," + c
                        + ",115200n81", ctx)) {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    byte[] buf = new byte[65536];
                    org.jgtlssh.gensio.ReadMeta meta = new org.jgtlssh.gensio.ReadMeta();
                    int n;
                    while ((n = ch.read(buf, 0, buf.length, meta)) >= 0) {
                        if (!meta.oob()) {
                            out.write(buf, 0, n);
                        }
                    }
                    assertTrue(out.toString(StandardCharsets.US_ASCII).equals(seq(3000).substring(1)),
                            "output differs: " + out.size() + " bytes");
                }
            }
        }
    }
}
