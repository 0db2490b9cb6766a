package org.jgtlssh.gensio.telnet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.gensio.serialdev.UucpLock;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our telnet client against Debian's ser2net 4.3 (its own YAML in a temp dir, in the foreground) serving
 * one end of a socat pty pair: RFC 2217 baud change seen with {@code stty -F}, IAC bytes both ways.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelnetSer2netInteropTest {
    static final Path SER2NET = Path.of("/usr/sbin/ser2net");

    @TempDir
    Path dir;

    @AfterEach
    void removeStaleLocks() throws IOException {
        for (String name : List.of("ttyA", "ttyB")) {
            Path lock = Path.of("/var/lock", UucpLock.lockName(dir.resolve(name).toString()));
            long pid = UucpLock.ownerPid(lock);
            if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Files.deleteIfExists(lock);
            }
        }
    }

    @Test
    void ourClientAgainstSer2net() throws Exception {
        assumeTrue(Files.isExecutable(SER2NET), "ser2net is not installed");
        byte[] toPort = TelnetGensiotInteropTest.tricky(3000);
        byte[] fromPort = TelnetGensiotInteropTest.tricky(2500);
        try (SocatPtyPair cable = SocatPtyPair.open(dir)) {
            int port = FreePort.find();
            Path yaml = dir.resolve("ser2net.yaml");
            Files.writeString(yaml, """
                    %YAML 1.1
                    ---
                    connection: &con1
                      accepter: telnet(rfc2217),tcp,127.0.0.1,PORT
                      connector: serialdev,DEV,9600n81,local
                    """.replace("PORT", Integer.toString(port)).replace("DEV", cable.a().toString()));
            try (ManagedProcess ser2net = ManagedProcess.start(SER2NET.toString(), "-n", "-d", "-c",
                            yaml.toString(), "-P", dir.resolve("ser2net.pid").toString());
                    Gensio far = Gensios.connect("serialdev," + cable.b() + ",9600n81,local")) {
                TelnetModemLinesTest.Events events = new TelnetModemLinesTest.Events();
                Gensio client = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> Gensios.connect("telnet(rfc2217),tcp,localhost," + port,
                                org.jgtlssh.gensio.OpenContext.of(events)), c -> c != null);
                try (client) {
                    SerialSettings want = new SerialSettings(57600, 'N', 8, 1, false, false, false, false);
                    assertTrue(client.set(Controls.SERIAL_SETTINGS, want), ser2net.err());
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            TelnetGensiotInteropTest.stty(cable.a()).contains("speed 57600 baud"));
                    assertEquals(57600, client.get(Controls.SERIAL_SETTINGS).orElseThrow().baud());

                    client.write(toPort);
                    assertArrayEquals(toPort, TelnetPipeTest.readExactly(far, toPort.length));
                    far.write(fromPort);
                    assertArrayEquals(fromPort, TelnetPipeTest.readExactly(client, fromPort.length));

                    // ser2net reports the modem state (a pty has no lines: 0) when the client connects,
                    // and the line state when the client asks for it with a mask. (It answers a mask with
                    // the notification instead of the RFC's 110/111, and drops the next query: so last.)
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            client.get(Controls.MODEM_STATE).equals(java.util.Optional.of(0)));
                    assertTrue(client.set(Controls.LINE_STATE_MASK, 0xff));
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            client.get(Controls.LINE_STATE).equals(java.util.Optional.of(0)));
                    assertTrue(events.seen.contains("telnet:modemstate:0"), events.seen.toString());
                    assertTrue(events.seen.contains("telnet:linestate:0"), events.seen.toString());
                }
            }
        }
    }
}
