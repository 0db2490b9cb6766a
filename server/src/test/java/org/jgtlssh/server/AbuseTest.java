package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken clients against a real jgtlsshd process; real logins must keep working. */
class AbuseTest {
    @TempDir
    static Path dir;
    private static GtlsshFixture f;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create test accounts");
        assumeTrue(Files.isExecutable(Path.of(RealGensio.binary("gtlssh"))), "needs gensio's gtlssh");
        f = new GtlsshFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void twoHundredUnauthenticatedConnectionsDoNotStopARealLogin() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), f.port)); // never says a word
            }
            // the server has taken them all in: beyond the per-source cap (32) the oldest were dropped
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    f.server.err().split("too many unauthenticated connections", -1).length - 1 >= 200 - 32);
            try (ManagedProcess c = f.gtlssh("-p", f.portArg(), f.target(), "echo", "still-serving")) {
                assertEquals(0, c.waitFor(Duration.ofSeconds(60)), c.err() + "\nserver: " + f.server.err());
                assertEquals("still-serving\n", c.out());
            }
            assertTrue(f.server.err().contains("too many unauthenticated connections"), f.server.err());
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void garbageAfterTlsIsDroppedWithOneLogLine() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        int localPort;
        // only what is logged from now on: another test's connections may have used the same source port
        int mark = f.server.err().length();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), f.port)) {
            s.startHandshake();
            localPort = s.getLocalPort();
            byte[] junk = new byte[300];
            new SecureRandom().nextBytes(junk);
            junk[0] = 1; // not a valid certauth message start
            s.getOutputStream().write(junk);
            s.getOutputStream().flush();
            s.setSoTimeout(20_000);
            try {
                while (s.getInputStream().read() >= 0) {
                    // the server closes on us
                }
            } catch (IOException expected) {
                // closed
            }
        }
        String tag = "127.0.0.1 port " + localPort;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.server.err().substring(mark).contains(tag));
        Thread.sleep(300); // a second line, if any, would be written right after the first
        // one line at the normal log level (the fixture's server also writes -d debug lines)
        List<String> lines = f.server.err().substring(mark).lines().filter(l -> l.contains(tag) && !l.contains(": debug: ")).toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("dropped connection from " + tag), lines.get(0));
    }

    @Test
    void aClientThatStopsReadingDoesNotGrowTheServer() throws Exception {
        // gtlssh's stdout is a pipe nobody reads: the remote program's output backs up to it
        Path fifo = dir.resolve("hold-mem.fifo");
        GtlsshFixture.run(java.util.Map.of(), "mkfifo", fifo.toString());
        String sh = "exec " + RealGensio.binary("gtlssh") + " -p " + f.port + " " + f.target() + " cat /dev/zero <> " + fifo;
        try (ManagedProcess c = ManagedProcess.start(List.of("/bin/sh", "-c", sh), java.util.Map.of("HOME",
                f.clientHome.toString()), dir, false)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> f.server.err().contains("program cat"));
            Thread.sleep(2000); // let every buffer on the way fill up
            long before = rssKb(f.server.process().pid());
            Thread.sleep(4000); // cat /dev/zero would produce gigabytes meanwhile
            long after = rssKb(f.server.process().pid());
            assertTrue(after - before < 64 * 1024, "server RSS grew from " + before + " kB to " + after + " kB");
            assertTrue(c.isAlive());
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }
}
