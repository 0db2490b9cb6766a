package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.telnet.TelnetGensio;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgtlssh -r} through our jgtlsshd to an RFC 2217 telnet server whose serial port is a socat pty:
 * the remote program relays the telnet stream, the client's RFC 2217 handshake reaches the server (which
 * answers with the port's settings), data with IAC bytes crosses both ways, and jgtlsshd's OOB messages (extensions, exit status) pass through the telnet
 * layer: the remote program's exit status becomes jgtlssh's.
 */
@Timeout(180)
class TelnetThroughJgtlsshdTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;


    @Test
    void telnetOverTheSessionToASerialPort() throws Exception {
        try (OurJgtlsshd server = OurJgtlsshd.start(dir.resolve("srv"));
                SocatPtyPair cable = SocatPtyPair.open(dir);
                Gensio serial = Gensios.connect("serialdev(nouucplock)," + cable.a() + ",9600n81,local");
                Accepter acc = Gensios.accepter("telnet(rfc2217,mode=server),tcp,127.0.0.1,0",
                        OpenContext.DEFAULT.with(TelnetGensio.SERIAL_PORT, serial))) {
            HostTrust t = new HostTrust(server.clientHome.resolve(".gtlssh/server_certs"), "127.0.0.1", server.port,
                    Clock.systemUTC());
            t.store(HostTrustTest.parse(server.serverCert), List.of(t.hostFile(),
                    t.addressFile("ipv4,127.0.0.1," + server.port)));
            try (ManagedProcess p = JgtlsshProcess.start(server.clientHome, List.of("-r", "-p", "" + server.port,
                    "root@127.0.0.1", "sh", "-c", "socat - TCP:127.0.0.1:" + acc.port() + "; exit 7"))) {
                try (Gensio ts = acc.accept().open()) {
                    // the client's COM-PORT offer crossed jgtlsshd and the relay, and the server agreed
                    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ((TelnetGensio) ts).rfc2217Active());
                    assertEquals(Optional.of(serial.get(Controls.SERIAL_SETTINGS).orElseThrow()),
                            ts.get(Controls.SERIAL_SETTINGS));
                    byte[] up = "to the serial line \u00ff\u00ff".getBytes(StandardCharsets.ISO_8859_1);
                    OutputStream in = p.stdin();
                    in.write(up);
                    in.flush();
                    assertArrayEquals(up, org.jgtlssh.testutil.GensioIo.readN(ts, up.length)); // IAC bytes escaped and unescaped
                    byte[] down = "from the serial line\n".getBytes(StandardCharsets.US_ASCII);
                    ts.write(down);
                    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> p.out().contains("from the serial line"));
                }
                // the telnet server hung up: socat ends, the program exits 7, and that status arrives as an
                // OOB message through the telnet layer
                assertEquals(7, p.waitFor(WAIT), p.err() + server.log());
                assertTrue(p.out().equals("from the serial line\n"), p.out());
            }
        }
    }
}
