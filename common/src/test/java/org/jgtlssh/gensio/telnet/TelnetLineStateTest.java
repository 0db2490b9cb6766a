package org.jgtlssh.gensio.telnet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 2217 NOTIFY-LINESTATE from our server to our client over an in-memory pipe. The server's port is a
 * stand-in serial port whose line errors the test raises (a pty has none, and no UART is available here).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelnetLineStateTest {
    private static final int BREAK = 0x10;
    private static final int FRAMING = 0x08;
    private static final int PARITY = 0x04;

    @Test
    void lineErrorsAreNotifiedUnderTheClientsMaskAndMaskedOnesAreNot() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        TelnetModemLinesTest.LinesPort port = new TelnetModemLinesTest.LinesPort(p[1]);
        port.lineErrors.set(0);
        TelnetModemLinesTest.Events events = new TelnetModemLinesTest.Events();
        try (TelnetGensio server = TelnetGensio.open(port, TelnetModemLinesTest.rfc2217(), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], TelnetModemLinesTest.rfc2217(), Role.CLIENT, null,
                        events)) {
            assertTrue(client.get(Controls.LINE_STATE).isEmpty(), "RFC 2217's default mask is 0: nothing yet");

            // Setting the mask is answered with the errors now: none, which says the port has line state.
            assertTrue(client.set(Controls.LINE_STATE_MASK, FRAMING | BREAK));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.get(Controls.LINE_STATE).equals(Optional.of(0)));

            port.lineError(FRAMING);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    client.get(Controls.LINE_STATE).equals(Optional.of(FRAMING)));
            assertTrue(events.seen.contains("telnet:linestate:" + FRAMING), events.seen.toString());

            // A parity error is outside the mask: not reported. A negative check cannot be awaited: let the
            // server poll it alone (3 periods) before the break, so a wrong report would be an event of its own.
            int before = events.seen.size();
            port.lineError(PARITY);
            Thread.sleep(TelnetGensio.MODEM_POLL_MS * 3);
            port.lineError(PARITY | BREAK);
            await().atMost(Duration.ofSeconds(5)).until(() -> client.get(Controls.LINE_STATE).equals(Optional.of(BREAK)));
            assertEquals(List.of("telnet:linestate:" + BREAK), events.seen.subList(before, events.seen.size()));

            // Data still flows both ways after the notifications.
            client.write("ok".getBytes(), 0, 2, 0);
            byte[] buf = new byte[2];
            int n = 0;
            while (n < 2) {
                n += server.read(buf, n, 2 - n, null);
            }
            assertEquals("ok", new String(buf));
        }
    }
}
