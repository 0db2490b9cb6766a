package org.jgtlssh.gensio.serialdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.testutil.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** serialdev on both ends of a socat pty pair (a null-modem cable). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SerialdevPtyTest {
    @TempDir
    Path dir;
    SocatPtyPair cable;

    @BeforeEach
    void plugIn() throws Exception {
        cable = SocatPtyPair.open(dir);
    }

    @AfterEach
    void unplug() {
        cable.close();
    }

    static byte[] readExactly(Gensio g, int n) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (o.size() < n) {
            int r = g.read(buf, 0, Math.min(buf.length, n - o.size()));
            if (r < 0) {
                break;
            }
            o.write(buf, 0, r);
        }
        return o.toByteArray();
    }

    @Test
    void allByteValuesBothWaysAndTheLockIsTakenAndReleased() throws Exception {
        Path lock = Path.of("/var/lock", UucpLock.lockName(cable.a().toString()));
        byte[] all = new byte[256 * 64];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        try (Gensio a = Gensios.connect("serialdev," + cable.a() + ",115200n81,local");
                Gensio b = Gensios.connect("serialdev," + cable.b() + ",115200n81")) {
            assertTrue(Files.exists(lock), "UUCP lock " + lock);
            assertEquals(String.format("%10d\n", ProcessHandle.current().pid()), Files.readString(lock));
            a.write(all);
            assertArrayEquals(all, readExactly(b, all.length));
            b.write(all);
            assertArrayEquals(all, readExactly(a, all.length));
            assertFalse(a.isReliable());
        }
        assertFalse(Files.exists(lock), "lock released at close");
    }

    @Test
    void aSecondOpenOfTheSameDeviceIsRefusedClearly() throws Exception {
        try (Gensio a = Gensios.connect("serialdev," + cable.a() + ",115200n81")) {
            GensioException e = assertThrows(GensioException.class,
                    () -> Gensios.connect("serialdev," + cable.a() + ",115200n81"));
            assertTrue(e.getMessage().startsWith("serialdev," + cable.a() + ": device is already open"), e.getMessage());
        }
    }

    @Test
    void missingDevice() {
        GensioException e = assertThrows(GensioException.class, () -> Gensios.connect("serialdev,/dev/ttyUSB9,115200n81"));
        assertEquals("serialdev,/dev/ttyUSB9: no such device", e.getMessage());
    }

    @Test
    void closeWhileAReadIsBlockedEndsTheRead() throws Exception {
        Gensio a = Gensios.connect("serialdev," + cable.a() + ",115200n81");
        CompletableFuture<Integer> r = CompletableFuture.supplyAsync(() -> {
            try {
                return a.read(new byte[16], 0, 16);
            } catch (IOException e) {
                return -2;
            }
        }, x -> Thread.ofVirtual().start(x));
        Thread.sleep(200); // let it block; "blocked in read" has no event to await
        assertFalse(r.isDone());
        long t0 = System.nanoTime();
        a.close();
        assertEquals(-1, r.get(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
    }

    @Test
    void backPressureAReaderThatStopsStopsTheWriter() throws Exception {
        try (Gensio a = Gensios.connect("serialdev(readbuf=1024)," + cable.a() + ",115200n81");
                Gensio b = Gensios.connect("serialdev(readbuf=1024)," + cable.b() + ",115200n81")) {
            byte[] data = new byte[4 << 20];
            new Random(3).nextBytes(data);
            CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
                try {
                    a.write(data);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, x -> Thread.ofVirtual().start(x));
            Thread.sleep(500); // nobody reads b for a while: the write must still be blocked
            assertFalse(w.isDone(), "4 MB cannot all be buffered: the writer must be held back");
            assertArrayEquals(data, readExactly(b, data.length));
            w.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void serialSettingsAndBreakControls() throws Exception {
        try (Gensio a = Gensios.connect("serialdev," + cable.a() + ",115200n81")) {
            assertEquals(new SerialSettings(115200, 'N', 8, 1, false, false, false, false),
                    a.get(Controls.SERIAL_SETTINGS).orElseThrow());
            SerialSettings s = new SerialSettings(9600, 'E', 7, 2, false, false, true, false);
            assertTrue(a.set(Controls.SERIAL_SETTINGS, s));
            assertEquals(s, a.get(Controls.SERIAL_SETTINGS).orElseThrow());
            assertThrows(GensioException.class, () -> a.set(Controls.SEND_BREAK, 0));
        }
    }
}
