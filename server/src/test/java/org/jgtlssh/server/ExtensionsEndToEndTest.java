package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.ReadMeta;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gensio.certauth.Certauth;
import org.jgtlssh.gensio.mux.MuxSession;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.ExtensionOffer;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobDecoder;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;
import org.jgtlssh.gtlssh.SessionRequest;
import org.jgtlssh.gtlssh.SessionRequestCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extensions end to end, over real tcp + TLS + certauth + mux against a jgtlsshd process: a minimal
 * client made of our stack and the gtlssh codecs (the full client, jgtlssh, has its own tests).
 */
class ExtensionsEndToEndTest {
    @TempDir
    static Path dir;
    private static GtlsshFixture f;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create test accounts");
        f = new GtlsshFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private record Result(byte[] stdout, byte[] stderr, List<OobMessage> oob) {
        ExitStatus exit() {
            return ((OobMessage.Exit) oob.getLast()).status();
        }
    }

    private Gensio open(String... argv) throws IOException {
        Path g = f.clientHome.resolve(".gtlssh");
        byte[] request = SessionRequestCodec.encode(new SessionRequest.Program(List.of(argv)), ExtensionOffer.all());
        OpenContext ctx = OpenContext.DEFAULT
                .with(Certauth.SERVICE_BYTES, new byte[] {'m', 'u', 'x', 0})
                .with(MuxSession.FIRST_SERVICE, request);
        return Gensios.connect("mux(writebuf=65496,readbuf=1048128),certauth(username=" + f.user.name + ",\"cert="
                + g.resolve("default.crt") + "\",\"key=" + g.resolve("default.key") + "\"),ssl(\"CA="
                + g.resolve("server_certs") + "/\"),tcp,127.0.0.1," + f.port, ctx);
    }

    private static CompletableFuture<Result> collect(Gensio ch) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<OobMessage> oob = new ArrayList<>();
            OobDecoder d = new OobDecoder(OobDecoder.Direction.TO_CLIENT);
            byte[] buf = new byte[65536];
            ReadMeta meta = new ReadMeta();
            try {
                int n;
                while ((n = ch.read(buf, 0, buf.length, meta)) >= 0) {
                    if (meta.oob()) {
                        for (OobMessage m : d.feed(buf, 0, n)) {
                            if (m instanceof OobMessage.Stderr s) {
                                err.writeBytes(s.data());
                            } else {
                                oob.add(m);
                            }
                        }
                    } else {
                        out.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the server closed after the exit message
            }
            return new Result(out.toByteArray(), err.toByteArray(), oob);
        }, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void exitStatusesZeroThreeAndSigint() throws Exception {
        // the SIGINT case waits for a line, sent once the server holds the process (see ChildExit)
        for (var c : List.of(List.of("true"), List.of("sh", "-c", "exit 3"), List.of("sh", "-c", "read go; kill -INT $$"))) {
            Gensio ch = open(c.toArray(String[]::new));
            var collecting = collect(ch);
            if (c.size() == 3 && c.get(2).startsWith("read")) {
                ch.write("go\n".getBytes(StandardCharsets.US_ASCII), 0, 3, 0);
            }
            Result r = collecting.get(30, TimeUnit.SECONDS);
            ch.close();
            assertEquals(new OobMessage.Ready(), r.oob().getFirst());
            assertTrue(r.oob().get(1) instanceof OobMessage.ExtensionsAccepted a && a.features().contains(Feature.EXIT_STATUS));
            int expected = c.size() == 1 ? 0 : c.get(2).equals("exit 3") ? 3 : 130;
            assertEquals(expected, r.exit().shellStatus(), c.toString());
            if (ChildExit.kernelKeepsExitInfo()) {
                // through setpriv and env as the test user: still the program's own wait status
                assertEquals(expected == 130, r.exit().signaled(), c.toString());
            }
        }
    }

    @Test
    void stderrArrivesApartFromStdout() throws Exception {
        Gensio ch = open("sh", "-c", "echo out; echo err >&2; echo out2");
        Result r = collect(ch).get(30, TimeUnit.SECONDS);
        ch.close();
        assertEquals("out\nout2\n", new String(r.stdout(), StandardCharsets.UTF_8));
        assertEquals("err\n", new String(r.stderr(), StandardCharsets.UTF_8));
    }

    @Test
    void halfCloseCarriesFiftyMegabytesThroughSha256sumByteExact() throws Exception {
        Gensio ch = open("sha256sum");
        var result = collect(ch);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random rnd = new Random(42);
        byte[] chunk = new byte[65536];
        long total = 50L << 20;
        for (long sent = 0; sent < total; sent += chunk.length) {
            rnd.nextBytes(chunk);
            md.update(chunk);
            ch.write(chunk, 0, chunk.length, 0);
        }
        byte[] eof = OobEncoder.encode(new OobMessage.EndOfInput());
        ch.write(eof, 0, eof.length, WriteFlags.OOB);
        Result r = result.get(120, TimeUnit.SECONDS);
        ch.close();
        assertEquals(HexFormat.of().formatHex(md.digest()) + "  -\n", new String(r.stdout(), StandardCharsets.US_ASCII));
        assertEquals(0, r.exit().shellStatus());
    }
}
