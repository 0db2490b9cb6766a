package org.jgtlssh.gensio.telnet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.ForwardingGensio;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.ProtocolException;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gensio.pipe.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our telnet client against our telnet server over an in-memory pipe. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelnetPipeTest {

    /** A serial port as the server's child sees it: records what RFC 2217 requests did to it. */
    static final class RecordingPort extends ForwardingGensio {
        volatile SerialSettings settings = SerialSettings.DEFAULT;
        final List<Integer> breaks = new ArrayList<>();
        volatile WindowSize window;

        RecordingPort(Gensio child) {
            super(child);
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> Optional<T> get(Control<T> control) {
            return control.equals(Controls.SERIAL_SETTINGS) ? Optional.of((T) settings) : Optional.empty();
        }

        @Override
        public <T> boolean set(Control<T> control, T value) {
            if (control.equals(Controls.SERIAL_SETTINGS)) {
                settings = Controls.SERIAL_SETTINGS.cast(value);
                return true;
            }
            if (control.equals(Controls.SEND_BREAK)) {
                synchronized (breaks) {
                    breaks.add(Controls.SEND_BREAK.cast(value));
                }
                return true;
            }
            if (control.equals(Controls.WINDOW_SIZE)) {
                window = Controls.WINDOW_SIZE.cast(value);
                return true;
            }
            return false;
        }
    }

    static byte[] readExactly(Gensio g, int n) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            int r = g.read(out, got, n - got);
            if (r < 0) {
                throw new IOException("EOF after " + got + " of " + n);
            }
            got += r;
        }
        return out;
    }

    TelnetOptions opts(boolean rfc2217, boolean winsize) {
        return new TelnetOptions(rfc2217, winsize, 4096, 4096, null);
    }

    @Test
    void dataWithEveryByteValueSurvivesBothWays() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        try (TelnetGensio server = TelnetGensio.open(p[1], opts(false, false), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], opts(false, false), Role.CLIENT)) {
            byte[] data = new byte[200_000];
            new Random(1).nextBytes(data);
            for (int i = 0; i < 4096; i++) {
                data[i] = (byte) 0xff; // a run of IACs, then every value
            }
            Thread w = Thread.ofVirtual().start(() -> {
                try {
                    client.write(data);
                    server.write(data);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertArrayEquals(data, readExactly(server, data.length));
            assertArrayEquals(data, readExactly(client, data.length));
            w.join();
        }
    }

    @Test
    void rfc2217SettingsReachTheServersPort() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        RecordingPort port = new RecordingPort(p[1]);
        try (TelnetGensio server = TelnetGensio.open(port, opts(true, false), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], opts(true, false), Role.CLIENT)) {
            // The client's open waited for the server's DO; the queries it sent at once are answered.
            await().atMost(Duration.ofSeconds(5)).until(() -> client.get(Controls.SERIAL_SETTINGS)
                    .equals(Optional.of(SerialSettings.DEFAULT)));
            SerialSettings want = new SerialSettings(115200, 'E', 7, 2, false, true, false, false);
            assertTrue(client.set(Controls.SERIAL_SETTINGS, want));
            assertEquals(want, port.settings);
            assertEquals(Optional.of(want), client.get(Controls.SERIAL_SETTINGS));
            assertEquals(want, client.querySerial());
            assertTrue(client.set(Controls.SEND_BREAK, 20));
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                synchronized (port.breaks) {
                    return port.breaks.size() == 1;
                }
            });
        }
    }

    @Test
    void aServerWithoutASerialPortEmulatesOneConsistently() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        try (TelnetGensio server = TelnetGensio.open(p[1], opts(true, false), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], opts(true, false), Role.CLIENT)) {
            SerialSettings want = new SerialSettings(4800, 'O', 6, 2, true, false, false, false);
            assertTrue(client.set(Controls.SERIAL_SETTINGS, want));
            assertEquals(Optional.of(want), server.get(Controls.SERIAL_SETTINGS));
            assertEquals(want, client.querySerial());
        }
    }

    @Test
    void withoutAnRfc2217ServerTheClientSaysSo() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        try (TelnetGensio server = TelnetGensio.open(p[1], opts(false, false), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], opts(true, false), Role.CLIENT)) {
            // The server refused (DONT) at once, so the open did not wait the full 4 s.
            assertFalse(client.set(Controls.SERIAL_SETTINGS, SerialSettings.DEFAULT));
            assertTrue(client.get(Controls.SERIAL_SETTINGS).isEmpty());
            assertThrows(IOException.class, client::querySerial);
        }
    }

    @Test
    void plainTelnetBreakReachesTheServersPort() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        RecordingPort port = new RecordingPort(p[1]);
        try (TelnetGensio server = TelnetGensio.open(port, opts(false, false), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], opts(false, false), Role.CLIENT)) {
            // Without RFC 2217 a break is IAC BREAK, as gensiot's "^\ b" sends it.
            assertTrue(client.set(Controls.SEND_BREAK, 100));
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                synchronized (port.breaks) {
                    return port.breaks.size() == 1;
                }
            });
        }
    }

    @Test
    void stackStringOptionsAreParsedAndUnknownOnesRefused() throws Exception {
        var spec = org.jgtlssh.gensio.Gensios.parse("telnet(rfc2217,winsize=on,readbuf=100,writebuf=200,"
                + "mode=server),tcp,localhost,1");
        TelnetOptions o = TelnetOptions.parse(spec.layers().get(0));
        assertEquals(new TelnetOptions(true, true, 100, 200, Role.SERVER), o);
        assertThrows(org.jgtlssh.gensio.stack.StackSyntaxException.class,
                () -> org.jgtlssh.gensio.Gensios.parse("telnet(baud=9600),tcp,localhost,1"));
        assertThrows(org.jgtlssh.gensio.stack.StackSyntaxException.class,
                () -> TelnetOptions.parse(org.jgtlssh.gensio.Gensios.parse("telnet(mode=both),tcp,localhost,1")
                        .layers().get(0)));
    }

    @Test
    void windowSizeTravelsByNaws() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        RecordingPort port = new RecordingPort(p[1]);
        try (TelnetGensio server = TelnetGensio.open(port, opts(false, true), Role.SERVER);
                TelnetGensio client = TelnetGensio.open(p[0], opts(false, true), Role.CLIENT)) {
            client.set(Controls.WINDOW_SIZE, new WindowSize(50, 132));
            await().atMost(Duration.ofSeconds(5)).until(() -> new WindowSize(50, 132).equals(port.window));
            assertEquals(Optional.of(new WindowSize(50, 132)), server.get(Controls.WINDOW_SIZE));
        }
    }

    @Test
    void garbageFromThePeerIsAClearErrorNotAHang() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        try (TelnetGensio server = TelnetGensio.open(p[1], opts(false, false), Role.SERVER)) {
            p[0].write(new byte[] {'o', 'k', (byte) 0xff, 0x00});
            assertArrayEquals("ok".getBytes(), readExactly(server, 2));
            ProtocolException e = assertThrows(ProtocolException.class, () -> server.read(new byte[10], 0, 10));
            assertTrue(e.getMessage().contains("bad telnet sequence"), e.getMessage());
        }
    }

    @Test
    void truncatedSequenceAtEndOfStreamIsAnError() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        try (TelnetGensio server = TelnetGensio.open(p[1], opts(false, false), Role.SERVER)) {
            p[0].write(new byte[] {'x', (byte) 0xff, (byte) 0xfa, 44, 1});
            p[0].closeWrite();
            assertArrayEquals("x".getBytes(), readExactly(server, 1));
            ProtocolException e = assertThrows(ProtocolException.class, () -> server.read(new byte[10], 0, 10));
            assertTrue(e.getMessage().contains("stream ended inside"), e.getMessage());
        }
    }

    @Test
    void cleanEndOfStreamIsMinusOne() throws Exception {
        Gensio[] p = Pipe.pair(1024);
        try (TelnetGensio server = TelnetGensio.open(p[1], opts(false, false), Role.SERVER)) {
            p[0].write(new byte[] {'y', (byte) 0xff, (byte) 0xff});
            p[0].closeWrite();
            assertArrayEquals(new byte[] {'y', (byte) 0xff}, readExactly(server, 2));
            assertEquals(-1, server.read(new byte[10], 0, 10));
        }
    }
}
