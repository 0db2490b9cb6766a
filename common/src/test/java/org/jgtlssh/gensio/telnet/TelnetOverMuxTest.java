package org.jgtlssh.gensio.telnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WriteFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code telnet(rfc2217),mux,...} as {@code gtlssh -r} stacks it: the mux channel's OOB messages (gtlssh's
 * ready, window size, exit status) pass through the telnet layer whole and unescaped, in both
 * directions, between ordinary data full of IAC bytes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelnetOverMuxTest {

    /** Reads until {@code n} data bytes arrived; returns the OOB messages met on the way, in order. */
    static String readData(Gensio g, ByteArrayOutputStream data, int n) throws IOException {
        StringBuilder oob = new StringBuilder();
        byte[] b = new byte[4096];
        ReadMeta meta = new ReadMeta();
        while (data.size() < n) {
            int r = g.read(b, 0, b.length, meta);
            if (r < 0) {
                throw new IOException("EOF");
            }
            if (meta.oob()) {
                assertTrue(meta.endOfMessage());
                oob.append('[').append(new String(b, 0, r, StandardCharsets.ISO_8859_1)).append(']');
            } else {
                data.write(b, 0, r);
            }
        }
        return oob.toString();
    }

    @Test
    void oobPassesThroughTelnetBothWays() throws Exception {
        try (Accepter acc = Gensios.accepter("telnet(rfc2217,mode=server),mux,tcp,127.0.0.1,0")) {
            CompletableFuture<Gensio> server = CompletableFuture.supplyAsync(() -> {
                try {
                    return acc.accept().open();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Gensio client = Gensios.connect("telnet(rfc2217),mux,tcp,127.0.0.1," + acc.port());
                    Gensio srv = server.get(20, TimeUnit.SECONDS)) {
                byte[] iacs = new byte[] {(byte) 0xff, 1, (byte) 0xff, (byte) 0xff, (byte) 0xfa};
                byte[] ready = "r".getBytes(StandardCharsets.ISO_8859_1);
                byte[] exit = "x\0\0\0\3\u00ff".getBytes(StandardCharsets.ISO_8859_1); // an IAC inside OOB
                srv.write(ready, 0, ready.length, WriteFlags.OOB);
                srv.write(iacs, 0, iacs.length, 0);
                srv.write(exit, 0, exit.length, WriteFlags.OOB);
                srv.write(iacs, 0, iacs.length, 0);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                String oob = readData(client, got, 2 * iacs.length);
                assertTrue(oob.startsWith("[r]"), oob);
                assertArrayEquals(new byte[] {(byte) 0xff, 1, (byte) 0xff, (byte) 0xff, (byte) 0xfa,
                        (byte) 0xff, 1, (byte) 0xff, (byte) 0xff, (byte) 0xfa}, got.toByteArray());
                if (oob.length() == 3) { // the second message came after all the data
                    byte[] b = new byte[64];
                    ReadMeta meta = new ReadMeta();
                    int r = client.read(b, 0, b.length, meta);
                    assertTrue(meta.oob());
                    oob += "[" + new String(b, 0, r, StandardCharsets.ISO_8859_1) + "]";
                }
                assertEquals("[r][x\0\0\0\3\u00ff]", oob);

                byte[] size = "w\0\4\0P\0\u0018".getBytes(StandardCharsets.ISO_8859_1);
                client.write(size, 0, size.length, WriteFlags.OOB);
                client.write(iacs, 0, iacs.length, 0);
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                assertEquals("[w\0\4\0P\0\u0018]", readData(srv, back, iacs.length));
                assertArrayEquals(iacs, back.toByteArray());

                // a reader without meta gets the data only, as from a mux channel
                client.write(size, 0, size.length, WriteFlags.OOB);
                client.write(iacs, 0, iacs.length, 0);
                byte[] plain = new byte[iacs.length];
                int r = 0;
                while (r < plain.length) {
                    r += srv.read(plain, r, plain.length - r);
                }
                assertArrayEquals(iacs, plain);
                assertFalse(srv.isClosed());
            }
        }
    }
}
