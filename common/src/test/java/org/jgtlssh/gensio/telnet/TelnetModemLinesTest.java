package org.jgtlssh.gensio.telnet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.ForwardingGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 2217 DTR/RTS and modem/line state between our client and our server over an in-memory pipe. The
 * server's port is a stand-in serial port whose modem lines the test moves (a pty has none).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelnetModemLinesTest {

    /** A serial port with modem lines: DTR/RTS as set, CD/RI/DSR/CTS as the test sets them. */
    static final class LinesPort extends ForwardingGensio {
        volatile boolean dtr = true;
        volatile boolean rts = true;
        volatile int lines;
        /** Line errors since the last read (read clears, as serialdev's); -1: the port has no line state. */
        final java.util.concurrent.atomic.AtomicInteger lineErrors = new java.util.concurrent.atomic.AtomicInteger(-1);

        /** Records line errors as a UART would between two reads of its line status. */
        void lineError(int bits) {
            lineErrors.getAndUpdate(e -> e < 0 ? e : e | bits);
        }

        LinesPort(Gensio child) {
            super(child);
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> Optional<T> get(Control<T> control) {
            if (control.equals(Controls.SERIAL_DTR)) {
                return Optional.of((T) Boolean.valueOf(dtr));
            }
            if (control.equals(Controls.SERIAL_RTS)) {
                return Optional.of((T) Boolean.valueOf(rts));
            }
            if (control.equals(Controls.MODEM_STATE)) {
                return Optional.of((T) Integer.valueOf(lines));
            }
            if (control.equals(Controls.LINE_STATE)) {
                int e = lineErrors.getAndUpdate(v -> v < 0 ? v : 0);
                return e < 0 ? Optional.empty() : Optional.of((T) Integer.valueOf(e));
            }
            return Optional.empty();
        }

        @Override
        public <T> boolean set(Control<T> control, T value) {
            if (control.equals(Controls.SERIAL_DTR)) {
                dtr = (Boolean) value;
                return true;
            }
            if (control.equals(Controls.SERIAL_RTS)) {
                rts = (Boolean) value;
                return true;
            }
            return false;
        }
    }

    static TelnetOptions rfc2217() {
        return new TelnetOptions(true, false, 4096, 4096, null);
    }

    /** Collects the client's modem/line state events. */
    static final class Events implements GensioListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void event(String layer, String event, Map<String, Object> data) {
            seen.add(layer + ":" + event + ":" + data.get("state"));
        }
    }

    @Test
    void dtrAndRtsRequestsMoveTheServersPortLines() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        LinesPort port = new LinesPort(p[1]);
        try (TelnetGensio server = TelnetGensio.open(port, rfc2217(), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], rfc2217(), Role.CLIENT)) {
            assertTrue(client.set(Controls.SERIAL_DTR, false));
            assertFalse(port.dtr);
            assertTrue(port.rts);
            assertEquals(Optional.of(false), client.get(Controls.SERIAL_DTR));
            assertTrue(client.set(Controls.SERIAL_RTS, false));
            assertFalse(port.rts);
            assertEquals(Optional.of(false), client.get(Controls.SERIAL_RTS));
            assertTrue(client.set(Controls.SERIAL_DTR, true));
            assertTrue(port.dtr);
            assertEquals(Optional.of(true), client.get(Controls.SERIAL_DTR));
            assertEquals(Optional.of(true), server.get(Controls.SERIAL_DTR));
        }
    }

    @Test
    void modemLineChangesAreNotifiedUnderTheClientsMask() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        LinesPort port = new LinesPort(p[1]);
        port.lines = Controls.MODEM_DSR;
        Events events = new Events();
        try (TelnetGensio server = TelnetGensio.open(port, rfc2217(), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], rfc2217(), Role.CLIENT, null, events)) {
            // Setting the mask makes the server report the lines as they are (no deltas).
            assertTrue(client.set(Controls.MODEM_STATE_MASK, 0xff));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    client.get(Controls.MODEM_STATE).equals(Optional.of(Controls.MODEM_DSR)));

            // Carrier comes up: level and delta bit.
            port.lines = Controls.MODEM_DSR | Controls.MODEM_CD;
            int want = Controls.MODEM_DSR | Controls.MODEM_CD | Controls.MODEM_DELTA_CD;
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    client.get(Controls.MODEM_STATE).equals(Optional.of(want)));
            assertTrue(events.seen.contains("telnet:modemstate:" + want), events.seen.toString());

            // Only CTS is of interest now: a CD change is not reported, a CTS change is (CD masked off).
            assertTrue(client.set(Controls.MODEM_STATE_MASK, Controls.MODEM_CTS | Controls.MODEM_DELTA_CTS));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.get(Controls.MODEM_STATE).equals(Optional.of(0)));
            int before = events.seen.size();
            port.lines = Controls.MODEM_DSR;
            // A negative check cannot be awaited: let the server poll the CD drop alone (3 periods) before
            // CTS rises, so a wrongly reported CD drop would show as an event of its own.
            Thread.sleep(TelnetGensio.MODEM_POLL_MS * 3);
            port.lines = Controls.MODEM_DSR | Controls.MODEM_CTS;
            int cts = Controls.MODEM_CTS | Controls.MODEM_DELTA_CTS;
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    client.get(Controls.MODEM_STATE).equals(Optional.of(cts)));
            assertEquals(List.of("telnet:modemstate:" + cts), events.seen.subList(before, events.seen.size()));
        }
    }

    @Test
    void withoutAPortTheServerEmulatesTheLinesAndReportsNoModemState() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        try (TelnetGensio server = TelnetGensio.open(p[1], rfc2217(), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], rfc2217(), Role.CLIENT)) {
            assertTrue(client.set(Controls.MODEM_STATE_MASK, 0xff));
            assertTrue(client.set(Controls.SERIAL_RTS, false));
            assertEquals(Optional.of(false), client.get(Controls.SERIAL_RTS));
            assertTrue(client.set(Controls.SERIAL_RTS, true)); // waits for its answer, sent after the mask's
            assertEquals(Optional.of(true), client.get(Controls.SERIAL_RTS));
            assertTrue(client.get(Controls.MODEM_STATE).isEmpty(), "no lines to report, so no report");
            assertThrows(IOException.class, () -> client.set(Controls.LINE_STATE_MASK, 256));
        }
    }
}
