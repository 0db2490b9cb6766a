package org.jgtlssh.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgtlssh -r} through the real gtlsshd 2.6.2 to Debian's ser2net 4.3 serving one end of a socat
 * pty pair, driven in tmux like a person at a terminal: the remote program ({@code socat - TCP:...})
 * carries the telnet stream to ser2net unchanged, typed text reaches the serial line, and the serial
 * escape keys change the real port: {@code ^\ s 19200 Enter} is seen with {@code stty -F}.
 */
@Timeout(180)
class TelnetSerialKeysTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SER2NET = Path.of("/usr/sbin/ser2net");

    static String stty(Path tty) throws Exception {
        try (ManagedProcess p = ManagedProcess.start("stty", "-F", tty.toString())) {
            p.waitFor(Duration.ofSeconds(10));
            return p.out();
        }
    }


    /** ser2net killed by the test leaves its UUCP lock on the pty behind; remove it once it is dead. */
    @org.junit.jupiter.api.AfterEach
    void removeStaleLock() throws IOException {
        if (dir == null) {
            return;
        }
        Path lock = Path.of("/var/lock", org.jgtlssh.gensio.serialdev.UucpLock.lockName(dir.resolve("ttyA").toString()));
        long pid = org.jgtlssh.gensio.serialdev.UucpLock.ownerPid(lock);
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Files.deleteIfExists(lock);
        }
    }

    @TempDir
    Path dir;

    @Test
    void escapeKeysChangeTheSer2netPortBehindGtlsshd() throws Exception {
        Path tmp = dir;
        assumeTrue(Files.isExecutable(SER2NET), "ser2net is not installed");
        try (SocatPtyPair cable = SocatPtyPair.open(tmp);
                Gensio far = Gensios.connect("serialdev(nouucplock)," + cable.b() + ",9600n81,local")) {
            int s2nPort = FreePort.find();
            Path yaml = tmp.resolve("ser2net.yaml");
            Files.writeString(yaml, """
                    %YAML 1.1
                    ---
                    connection: &con1
                      accepter: telnet(rfc2217),tcp,127.0.0.1,PORT
                      connector: serialdev,DEV,9600n81,local
                    """.replace("PORT", Integer.toString(s2nPort)).replace("DEV", cable.a().toString()));
            try (ManagedProcess ser2net = ManagedProcess.start(SER2NET.toString(), "-n", "-d", "-c",
                            yaml.toString(), "-P", tmp.resolve("ser2net.pid").toString());
                    RealGtlsshd server = RealGtlsshd.start(tmp)) {
                server.trustServer();
                await().atMost(WAIT).until(() -> org.jgtlssh.testutil.TcpListeners.isListening(s2nPort));
                Path script = JgtlsshProcess.script(tmp, server.clientHome);
                String cmd = "'" + script + "' -t -r -p " + server.port + " root@127.0.0.1 socat - TCP:127.0.0.1:"
                        + s2nPort + "; echo EXIT=$?; sleep 120";
                try (Tmux t = Tmux.start(100, 30, cmd)) {
                    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                    Thread.ofVirtual().start(() -> {
                        byte[] b = new byte[256];
                        try {
                            for (int n; (n = far.read(b, 0, b.length)) >= 0; ) {
                                synchronized (line) {
                                    line.write(b, 0, n);
                                }
                            }
                        } catch (IOException closed) {
                            // the test is over
                        }
                    });
                    // the session is up when typed text arrives on the serial line
                    try {
                        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
                            synchronized (line) {
                                if (line.toString(StandardCharsets.US_ASCII).contains("hello-serial")) {
                                    return true;
                                }
                            }
                            t.type("hello-serial");
                            return false;
                        });
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError(t.screen() + "\n" + server.log() + ser2net.err(), e);
                    }
                    assertTrue(stty(cable.a()).contains("speed 9600 baud"));
                    t.keys("C-\\", "s");
                    t.type("19200");
                    t.keys("Enter");
                    await().atMost(WAIT).until(() -> stty(cable.a()).contains("speed 19200 baud"));
                    t.awaitScreen("<19200>", WAIT);
                    t.awaitScreen("[serial: 19200N81]", WAIT);
                    t.keys("C-\\", "d");
                    t.awaitScreen("Speed: 19200N81", WAIT);
                    t.keys("C-\\", "q");
                    t.awaitScreen("EXIT=0", WAIT);
                }
            }
        }
    }
}
