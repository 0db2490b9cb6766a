package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobDecoder;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;
import org.junit.jupiter.api.Test;

/** The relay between a channel and a real program, over an in-memory OOB-keeping channel pair. */
class SessionRelayTest {
    private static final UserAccount ME = Passwd.lookup(System.getProperty("user.name")).orElseThrow();
    private static final boolean ROOT = Passwd.effectiveUid() == 0;

    /** What a client end collected: data, and the OOB messages. */
    private static final class ClientView {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final List<OobMessage> oob = new CopyOnWriteArrayList<>();

        String text() {
            synchronized (data) {
                return data.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static CompletableFuture<ClientView> collect(Gensio client) {
        return CompletableFuture.supplyAsync(() -> {
            ClientView v = new ClientView();
            OobDecoder d = new OobDecoder(OobDecoder.Direction.TO_CLIENT);
            byte[] buf = new byte[65536];
            ReadMeta meta = new ReadMeta();
            try {
                int n;
                while ((n = client.read(buf, 0, buf.length, meta)) >= 0) {
                    if (meta.oob()) {
                        v.oob.addAll(d.feed(buf, 0, n));
                    } else {
                        synchronized (v.data) {
                            v.data.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            return v;
        }, r -> Thread.ofVirtual().start(r));
    }

    private static CompletableFuture<ExitStatus> relay(Gensio server, SessionProcess p, Set<Feature> accepted, boolean login,
            List<OobMessage.RemoteForwardRequest> fwd) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new SessionRelay(server, p, accepted, login, Duration.ZERO, fwd::add, s -> {}).run();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private static SessionProcess program(boolean separateStderr, String... argv) throws IOException {
        return SessionProcess.start(SessionCommands.program(ME, ROOT, null, Map.of(), List.of(argv)), null, separateStderr);
    }

    @Test
    void gensioClientGetsReadyThenMergedOutputAndNoExtensions() throws Exception {
        Gensio[] p = OobPipe.pair(64);
        var client = collect(p[0]);
        var status = relay(p[1], program(false, "sh", "-c", "echo out; echo err >&2; exit 3"), null, false, new ArrayList<>());
        ClientView v = client.get(10, TimeUnit.SECONDS);
        assertEquals(ExitStatus.exited(3), status.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(new OobMessage.Ready()), v.oob);
        assertTrue(v.text().contains("out\n") && v.text().contains("err\n"), v.text());
    }

    @Test
    void ourClientGetsStderrApartAndTheExitStatus() throws Exception {
        Gensio[] p = OobPipe.pair(64);
        var client = collect(p[0]);
        Set<Feature> all = EnumSet.allOf(Feature.class);
        relay(p[1], program(true, "sh", "-c", "echo out; echo err >&2; exit 3"), all, false, new ArrayList<>());
        ClientView v = client.get(10, TimeUnit.SECONDS);
        assertEquals("out\n", v.text());
        assertEquals(new OobMessage.Ready(), v.oob.get(0));
        assertEquals(new OobMessage.ExtensionsAccepted(all), v.oob.get(1));
        assertTrue(v.oob.contains(new OobMessage.Stderr("err\n".getBytes())), v.oob.toString());
        assertEquals(new OobMessage.Exit(ExitStatus.exited(3)), v.oob.get(v.oob.size() - 1));
    }

    @Test
    void endOfInputReachesTheProgramAndOutputKeepsFlowing() throws Exception {
        Gensio[] p = OobPipe.pair(64);
        var client = collect(p[0]);
        Set<Feature> all = EnumSet.allOf(Feature.class);
        var status = relay(p[1], program(true, "sh", "-c", "wc -c; echo done"), all, false, new ArrayList<>());
        byte[] chunk = new byte[100_000];
        for (int i = 0; i < 10; i++) {
            p[0].write(chunk, 0, chunk.length, 0);
        }
        byte[] eof = OobEncoder.encode(new OobMessage.EndOfInput());
        p[0].write(eof, 0, eof.length, WriteFlags.OOB);
        ClientView v = client.get(20, TimeUnit.SECONDS);
        assertEquals("1000000\ndone\n", v.text());
        assertEquals(ExitStatus.exited(0), status.get(5, TimeUnit.SECONDS));
    }

    @Test
    void loginShellInAPtyFollowsWindowSizeAndForwardsRemoteRequests() throws Exception {
        Gensio[] p = OobPipe.pair(64);
        var client = collect(p[0]);
        List<OobMessage.RemoteForwardRequest> fwd = new CopyOnWriteArrayList<>();
        SessionProcess sh = SessionProcess.start(
                SessionCommands.login(new UserAccount(ME.name(), ME.uid(), ME.gid(), ME.home(), "/bin/sh"), ROOT, null,
                        Map.of("TERM", "dumb")), null, false);
        var status = relay(p[1], sh, null, true, fwd);
        byte[] r = OobEncoder.encode(new OobMessage.RemoteForwardRequest("0000", "tcp,127.0.0.1,9366"));
        p[0].write(r, 0, r.length, WriteFlags.OOB);
        byte[] w = OobEncoder.encode(new OobMessage.WindowSizeChange(new WindowSize(33, 90, 1440, 1056)));
        p[0].write(w, 0, w.length, WriteFlags.OOB);
        byte[] cmd = "stty size; echo \"[$0]\"; exit 5\n".getBytes();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fwd.size() == 1);
        p[0].write(cmd, 0, cmd.length, 0);
        ClientView v = client.get(15, TimeUnit.SECONDS);
        assertTrue(v.text().contains("33 90"), v.text());
        assertTrue(v.text().contains("[-sh]"), v.text()); // a login shell's argv0
        assertEquals(new OobMessage.RemoteForwardRequest("0000", "tcp,127.0.0.1,9366"), fwd.get(0));
        assertEquals(ExitStatus.exited(5), status.get(5, TimeUnit.SECONDS));
    }

    @Test
    void keepaliveAnswersPingsAndDropsASilentClient() throws Exception {
        Gensio[] p = OobPipe.pair(64);
        Set<Feature> all = EnumSet.allOf(Feature.class);
        var status = CompletableFuture.supplyAsync(() -> {
            try {
                return new SessionRelay(p[1], program(true, "sleep", "30"), all, false, Duration.ofMillis(200),
                        r -> {}, s -> {}).run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        byte[] ping = OobEncoder.encode(new OobMessage.Ping(77));
        p[0].write(ping, 0, ping.length, WriteFlags.OOB);
        // the client reads but never answers the server's pings: after 3 intervals the session is dropped
        var client = collect(p[0]);
        ClientView v = client.get(10, TimeUnit.SECONDS);
        assertTrue(v.oob.contains(new OobMessage.Pong(77)), v.oob.toString());
        assertTrue(v.oob.stream().anyMatch(m -> m instanceof OobMessage.Ping), v.oob.toString());
        status.get(10, TimeUnit.SECONDS); // the program was hung up
    }

    @Test
    void aProgramKilledBySigintReportsStatus130OnPipesAndOnAPty() throws Exception {
        Gensio[] p = OobPipe.pair(64);
        var client = collect(p[0]);
        var st = relay(p[1], program(false, "sh", "-c", "kill -INT $$"), EnumSet.allOf(Feature.class), false, new ArrayList<>());
        assertEquals(130, st.get(10, TimeUnit.SECONDS).shellStatus());
        ClientView v = client.get(10, TimeUnit.SECONDS);
        assertEquals(130, ((OobMessage.Exit) v.oob.get(v.oob.size() - 1)).status().shellStatus());

        Gensio[] q = OobPipe.pair(64);
        var client2 = collect(q[0]);
        SessionProcess pty = SessionProcess.start(new LaunchSpec(List.of("/bin/sh", "-c", "kill -INT $$"), Map.of(), "/",
                true), null, false);
        var st2 = relay(q[1], pty, EnumSet.allOf(Feature.class), true, new ArrayList<>());
        assertEquals(130, st2.get(10, TimeUnit.SECONDS).shellStatus());
        client2.get(10, TimeUnit.SECONDS);
    }

    /**
     * The kernel's wait status reaches the client: a death by signal is the "signal" kind (the JDK alone
     * would say 128+N), and a genuine {@code exit 130} stays an exit code. Before Linux 6.15 (no exit
     * information for pidfds) the documented fallback holds instead: 128+N as an exit code.
     */
    @Test
    void signalDeathsAreSignalsAndExit130IsAnExitCodeOnPipesAndOnAPty() throws Exception {
        boolean kernelTells = ChildExit.kernelKeepsExitInfo();
        long pidfdsBefore = pidfds();
        var cases = Map.of("kill -TERM $$", ExitStatus.killedBy(15), "kill -9 $$", ExitStatus.killedBy(9),
                "exit 130", ExitStatus.exited(130), "exit 137", ExitStatus.exited(137));
        for (var c : cases.entrySet()) {
            for (boolean onPty : new boolean[] {false, true}) {
                Gensio[] p = OobPipe.pair(64);
                var client = collect(p[0]);
                // the program waits for a line from the client, sent once the server holds the process (a
                // program that dies before the server has opened its pidfd gets the fallback: see ChildExit)
                SessionProcess proc = SessionProcess.start(new LaunchSpec(List.of("/bin/sh", "-c", "read go; " + c.getKey()),
                        Map.of(), "/", onPty), null, false);
                var st = relay(p[1], proc, EnumSet.allOf(Feature.class), onPty, new ArrayList<>());
                p[0].write("go\n".getBytes(StandardCharsets.US_ASCII), 0, 3, 0);
                String what = c.getKey() + (onPty ? " on a pty" : " on pipes");
                ExitStatus expected = kernelTells ? c.getValue() : ExitStatus.exited(c.getValue().shellStatus());
                assertEquals(expected, st.get(10, TimeUnit.SECONDS), what);
                ClientView v = client.get(10, TimeUnit.SECONDS);
                assertEquals(expected, ((OobMessage.Exit) v.oob.get(v.oob.size() - 1)).status(), what);
            }
        }
        assertEquals(pidfdsBefore, pidfds(), "a pidfd was left open");
    }

    /** Our open pidfds ("anon_inode:[pidfd]", or "pidfd:" with pidfs). */
    private static long pidfds() throws IOException {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.filter(f -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(f).toString().contains("pidfd");
                } catch (IOException e) {
                    return false; // the directory stream's own fd, gone by now
                }
            }).count();
        }
    }
}
