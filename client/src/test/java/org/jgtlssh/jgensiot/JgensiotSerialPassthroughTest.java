package org.jgtlssh.jgensiot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.RealGensio;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgensiot -i serialdev,PTY,9600n81 -a telnet(rfc2217),tcp,...}: a telnet client's RFC 2217
 * requests change the real port (seen with {@code stty -F} on the pty jgensiot holds), and data crosses
 * to the other end of the socat pty pair.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JgensiotSerialPassthroughTest {
    @TempDir
    Path dir;

    static String stty(Path tty) throws Exception {
        try (ManagedProcess p = ManagedProcess.start("stty", "-F", tty.toString())) {
            p.waitFor(Duration.ofSeconds(10));
            return p.out();
        }
    }


    ManagedProcess jgensiot(SocatPtyPair cable, int port) throws IOException {
        return JgensiotProcess.start("-p", "-i", "serialdev(nouucplock)," + cable.a() + ",9600n81,local",
                "-a", "telnet(rfc2217),tcp,127.0.0.1," + port);
    }

    @Test
    void realGensiotsBaudEscapeChangesThePortBehindJgensiot() throws Exception {
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                Gensio far = Gensios.connect("serialdev(nouucplock)," + cable.b() + ",9600n81,local")) {
            int port = FreePort.find();
            try (ManagedProcess j = jgensiot(cable, port)) {
                // -p: jgensiot says when it listens (a probe connection would be its one connection)
                await().atMost(Duration.ofSeconds(60)).until(() -> j.err().contains("Address 0(0)"));
                try (ManagedProcess gensiot = ManagedProcess.start(List.of(RealGensio.gensiot(), "-e", "28",
                        "telnet(rfc2217),tcp,127.0.0.1," + port))) {
                    OutputStream in = gensiot.stdin();
                    byte[] hello = "hello through IAC \u00ff".getBytes(StandardCharsets.ISO_8859_1);
                    in.write(hello);
                    in.flush();
                    assertArrayEquals(hello, org.jgtlssh.testutil.GensioIo.readN(far, hello.length)); // the session is up
                    assertTrue(stty(cable.a()).contains("speed 9600 baud"));
                    in.write("\u001cs19200\r".getBytes(StandardCharsets.US_ASCII)); // gensiot: ^\ s 19200 Enter
                    in.flush();
                    await().atMost(Duration.ofSeconds(10)).until(() -> stty(cable.a()).contains("speed 19200 baud"));
                }
            }
        }
    }

    @Test
    void ourClientsSettingsReachThePortBehindJgensiot() throws Exception {
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                Gensio far = Gensios.connect("serialdev(nouucplock)," + cable.b() + ",9600n81,local")) {
            int port = FreePort.find();
            try (ManagedProcess j = jgensiot(cable, port)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> j.err().contains("Address 0(0)"));
                Gensio client = Gensios.connect("telnet(rfc2217),tcp,127.0.0.1," + port);
                try (client) {
                    // the settings jgensiot's serialdev opened with, read over RFC 2217
                    await().atMost(Duration.ofSeconds(10)).until(() -> client.get(Controls.SERIAL_SETTINGS)
                            .map(SerialSettings::baud).orElse(0) == 9600);
                    SerialSettings want = new SerialSettings(38400, 'N', 8, 1, false, false, false, false);
                    assertTrue(client.set(Controls.SERIAL_SETTINGS, want));
                    String s = stty(cable.a());
                    assertTrue(s.contains("speed 38400 baud"), s); // a pty keeps only the speed of termios' line settings
                    byte[] data = new byte[5000];
                    Arrays.fill(data, (byte) 0xff);
                    client.write(data);
                    assertArrayEquals(data, org.jgtlssh.testutil.GensioIo.readN(far, data.length));
                }
            }
        }
    }

    @Test
    void serialEscapeKeysOnALocalSerialdev() throws Exception {
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                Gensio far = Gensios.connect("serialdev(nouucplock)," + cable.b() + ",9600n81,local");
                ManagedProcess j = JgensiotProcess.start("-e", "28", "-i", "stdio(self)",
                        "serialdev(nouucplock)," + cable.a() + ",9600n81,local")) {
            OutputStream in = j.stdin();
            in.write("ab\u001czcd".getBytes(StandardCharsets.US_ASCII)); // an unknown key is dropped, as gensiot
            in.flush();
            assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), org.jgtlssh.testutil.GensioIo.readN(far, 4));
            in.write("\u001cs19200\r\u001ce\u001cd".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> j.out().contains("Speed: 19200E81"));
            assertTrue(stty(cable.a()).contains("speed 19200 baud"));
            String out = j.out();
            assertTrue(out.contains("<19200>[serial: 19200N81,CLOCAL]") && out.contains("[serial: 19200E81,CLOCAL]"), out);
            in.write("\u001cq".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            org.junit.jupiter.api.Assertions.assertEquals(0, j.waitFor(Duration.ofSeconds(20)), j.err());
        }
    }
}
