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
}
