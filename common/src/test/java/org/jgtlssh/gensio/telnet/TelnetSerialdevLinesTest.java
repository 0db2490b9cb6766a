package org.jgtlssh.gensio.telnet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modem lines through a real serialdev on a socat pty. A Linux pty has no modem lines: reading them gives
 * all-off, and setting DTR/RTS is refused by the kernel. What this proves is that the refusal is a clear
 * error at the serialdev and an honest answer over RFC 2217 (the line's real state, not the one asked).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelnetSerialdevLinesTest {
    @TempDir
    Path dir;

    private Gensio accepted;

    /** The server's open runs while the client's open waits for its RFC 2217 answer. */
    private Gensio connectWhileAccepting(Accepter acc) throws Exception {
        java.util.concurrent.CompletableFuture<Gensio> s = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return acc.accept().open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Gensio c = Gensios.connect("telnet(rfc2217),tcp,127.0.0.1," + acc.port());
        accepted = s.get(20, TimeUnit.SECONDS);
        return c;
    }

    @Test
    void aPtysMissingModemLinesAreReportedHonestly() throws Exception {
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                Gensio serial = Gensios.connect("serialdev(nouucplock)," + cable.b() + ",9600n81,local");
                Accepter acc = Gensios.accepter("telnet(rfc2217,mode=server),tcp,127.0.0.1,0",
                        OpenContext.DEFAULT.with(TelnetGensio.SERIAL_PORT, serial));
                Gensio client = connectWhileAccepting(acc);
                Gensio server = accepted) {
            assertEquals(Optional.of(0), serial.get(Controls.MODEM_STATE));
            IOException e = assertThrows(IOException.class, () -> serial.set(Controls.SERIAL_DTR, true));
            assertTrue(e.getMessage().contains("cannot set DTR"), e.getMessage());

            assertTrue(client.set(Controls.SERIAL_DTR, true));
            assertEquals(serial.get(Controls.SERIAL_DTR), client.get(Controls.SERIAL_DTR));
            assertTrue(client.set(Controls.MODEM_STATE_MASK, 0xff));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.get(Controls.MODEM_STATE).equals(Optional.of(0)));
            assertEquals(Optional.of(0), server.get(Controls.MODEM_STATE));
        }
    }

    /** Reads exactly {@code n} bytes. */
    private static String readN(Gensio g, int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = g.read(buf, got, n - got, null);
            if (r < 0) {
                throw new IOException("EOF after " + got + " bytes");
            }
            got += r;
        }
        return new String(buf, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void aPtyHasNoLineStateAndTheSessionCarriesOn() throws Exception {
        try (SocatPtyPair cable = SocatPtyPair.open(dir);
                Gensio far = Gensios.connect("serialdev(nouucplock)," + cable.a() + ",9600n81,local");
                Gensio serial = Gensios.connect("serialdev(nouucplock)," + cable.b() + ",9600n81,local");
                Accepter acc = Gensios.accepter("telnet(rfc2217,mode=server),tcp,127.0.0.1,0",
                        OpenContext.DEFAULT.with(TelnetGensio.SERIAL_PORT, serial));
                Gensio client = connectWhileAccepting(acc);
                Gensio server = accepted) {
            // A pty keeps no error counters (TIOCGICOUNT: ENOTTY): the control is unsupported, not an error.
            assertEquals(Optional.empty(), serial.get(Controls.LINE_STATE));

            // The client asks for every line-state report; the server has none to give and says nothing.
            assertTrue(client.set(Controls.LINE_STATE_MASK, 0xff));
            assertTrue(client.set(Controls.SERIAL_DTR, true)); // waits for its answer, sent after the mask's
            assertEquals(Optional.empty(), client.get(Controls.LINE_STATE));

            // The session keeps working: telnet data both ways, and the pty's own data both ways.
            client.write("to-server".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("to-server", readN(server, 9));
            server.write("to-client".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("to-client", readN(client, 9));
            serial.write("to-far".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("to-far", readN(far, 6));
            far.write("to-near".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("to-near", readN(serial, 7));
            assertEquals(Optional.empty(), serial.get(Controls.LINE_STATE));
            assertEquals(Optional.of(0), serial.get(Controls.MODEM_STATE));
        }
    }
}
