package org.jgtlssh.gensio.telnet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.gensio.serialdev.UucpLock;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our telnet against the real gensiot 2.6.2, both roles, with a socat pty pair as the serial line: the
 * RFC 2217 baud change is checked on the pty itself with {@code stty -F}, and data with 0xFF (IAC) bytes
 * crosses both ways.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelnetGensiotInteropTest {
    @TempDir
    Path dir;

    /** Data full of IACs (and of IAC-looking sequences), but without gensiot's escape character 0x1c. */
    static byte[] tricky(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int v = (i * 37 + 11) & 0xff;
            b[i] = (byte) (i % 3 == 0 ? 0xff : v == 0x1c ? 0x1d : v);
        }
        return b;
    }

    static boolean endsWith(byte[] all, byte[] tail) {
        return all.length > tail.length
                && Arrays.equals(all, all.length - tail.length, all.length, tail, 0, tail.length);
    }

    static String stty(Path tty) throws Exception {
        try (ManagedProcess p = ManagedProcess.start("stty", "-F", tty.toString())) {
            p.waitFor(Duration.ofSeconds(10));
            return p.out();
        }
    }

    /** gensiot killed by the test leaves its UUCP lock on the pty behind; remove it once it is dead. */
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
    void gensiotClientDrivesOurServersSerialPort() throws Exception {
        byte[] toUs = tricky(3000);
        byte[] toThem = tricky(2000);
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                Gensio serial = Gensios.connect("serialdev," + cable.b() + ",9600n81,local");
                Accepter acc = Gensios.accepter("telnet(rfc2217,mode=server),tcp,127.0.0.1,0",
                        OpenContext.DEFAULT.with(TelnetGensio.SERIAL_PORT, serial));
                ManagedProcess gensiot = ManagedProcess.start(List.of(RealGensio.gensiot(), "-e", "28",
                        "telnet(rfc2217),tcp,localhost," + acc.port()));
                Gensio g = acc.accept().open()) {
            assertTrue(stty(cable.b()).contains("speed 9600 baud"));
            OutputStream in = gensiot.stdin();
            in.write("\u001cs19200\r".getBytes()); // gensiot's escape: ^\ s <baud> Enter
            in.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> stty(cable.b()).contains("speed 19200 baud"));
            assertEquals(19200, serial.get(Controls.SERIAL_SETTINGS).orElseThrow().baud());

            in.write(toUs);
            in.flush();
            assertArrayEquals(toUs, TelnetPipeTest.readExactly(g, toUs.length));
            g.write(toThem);
            // gensiot echoes a processed escape command to its output ("<19200>", sometimes with filler
            // bytes between the characters: a gensiot quirk), then our data follows, byte-exact.
            await().atMost(Duration.ofSeconds(10)).until(() -> endsWith(gensiot.outBytes(), toThem));
            byte[] out = gensiot.outBytes();
            assertEquals('<', out[0]);
            assertEquals('>', out[out.length - toThem.length - 1]);
        }
    }

    @Test
    void ourClientDrivesGensiotsSerialPort() throws Exception {
        byte[] toPort = tricky(3000);
        byte[] fromPort = tricky(2500);
        try (SocatPtyPair cable = SocatPtyPair.open(dir)) {
            int port = org.jgtlssh.testutil.FreePort.find();
            try (ManagedProcess gensiot = ManagedProcess.start(List.of("sh", "-c", "sleep 120 | "
                            + RealGensio.gensiot() + " -i 'serialdev," + cable.a() + ",9600n81,local'"
                            + " -a 'telnet(rfc2217),tcp," + port + "'"));
                    Gensio far = Gensios.connect("serialdev," + cable.b() + ",9600n81,local")) {
                // gensiot needs a moment to listen and to open its serial port; on a loaded machine more
                Gensio client = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> Gensios.connect("telnet(rfc2217),tcp,localhost," + port), c -> c != null);
                try (client) {
                    SerialSettings want = new SerialSettings(38400, 'E', 7, 1, false, false, false, false);
                    assertTrue(client.set(Controls.SERIAL_SETTINGS, want));
                    String s = stty(cable.a());
                    assertTrue(s.contains("speed 38400 baud"), s);
                    // A Linux pty keeps cs8/-parenb whatever is asked, so data size and parity are checked
                    // through gensiot's RFC 2217 answers, which the client's settings now hold.
                    assertEquals(want, client.get(Controls.SERIAL_SETTINGS).orElseThrow());

                    client.write(toPort);
                    assertArrayEquals(toPort, TelnetPipeTest.readExactly(far, toPort.length));
                    far.write(fromPort);
                    assertArrayEquals(fromPort, TelnetPipeTest.readExactly(client, fromPort.length));
                }
            }
        }
    }
}
