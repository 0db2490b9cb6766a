package org.jgtlssh.usecases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Use case 5: TLS termination like stunnel. {@code jgensiot -i tcp,localhost,PORT -a
 * 'ssl(key=...,cert=...),tcp,127.0.0.1,PORT2'} in front of a plain service the test runs; OpenSSL's
 * {@code s_client} connects to PORT2, verifies the certificate against the one we configured, and
 * its data reaches the service in the clear and comes back.
 */
class TlsTerminationIT {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path key;
    private Path cert;

    /** A self-signed certificate for localhost, made by OpenSSL (the key file is 0600). */
    @BeforeEach
    void makeCertificate() throws Exception {
        key = dir.resolve("server.key");
        cert = dir.resolve("server.crt");
        try (ManagedProcess req = ManagedProcess.start("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost")) {
            assertEquals(0, req.waitFor(EXIT), req.err());
        }
    }

    private ManagedProcess sClient(int port) throws IOException {
        return ManagedProcess.start(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-quiet",
                "-CAfile", cert.toString(), "-verify_return_error", "-verify_hostname", "localhost"), Map.of(), dir, true);
    }

    @Test
    void openSslClientTalksToAPlainServiceThroughOurTlsTerminator() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(5).nextBytes(data);
        try (ServerSocket service = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the plain service: reads the whole request, records it, echoes it and closes
            CompletableFuture<byte[]> seen = CompletableFuture.supplyAsync(() -> echoOnce(service, data.length));
            int tlsPort = FreePort.find();
            try (ManagedProcess terminator = Scenario.jgensiot("-i", "tcp,localhost," + service.getLocalPort(), "-a",
                    "ssl(key=" + key + ",cert=" + cert + "),tcp,127.0.0.1," + tlsPort)) {
                Scenario.awaitListening(tlsPort);
                try (ManagedProcess client = sClient(tlsPort)) {
                    OutputStream o = client.stdin();
                    o.write(data);
                    o.flush(); // stdin stays open: -quiet ignores its end; the service's close ends it
                    assertEquals(0, client.waitFor(EXIT), client.err() + "\nterminator: " + terminator.err());
                    assertArrayEquals(data, seen.get(30, TimeUnit.SECONDS), "the service got the plaintext");
                    assertArrayEquals(data, client.outBytes(), "the echo came back through TLS");
                }
                assertEquals(0, terminator.waitFor(EXIT), terminator.err());
            }
        }
    }

    /**
     * As stunnel runs: {@code --server}, one TLS session per client, in front of a plain HTTP server;
     * each s_client gets its page and the terminator keeps listening.
     */
    @Test
    void inServerModeEachClientGetsItsOwnSessionToAPlainHttpServer() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            byte[] body = ("page " + ex.getRequestURI().getPath() + "\n").getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        http.start();
        int tlsPort = FreePort.find();
        try (ManagedProcess terminator = Scenario.jgensiot("--server", "-i", "tcp,localhost," + http.getAddress().getPort(),
                "-a", "ssl(key=" + key + ",cert=" + cert + "),tcp,127.0.0.1," + tlsPort)) {
            Scenario.awaitListening(tlsPort);
            for (String page : List.of("/one", "/two")) {
                try (ManagedProcess client = sClient(tlsPort)) {
                    OutputStream o = client.stdin();
                    o.write(("GET " + page + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    o.flush(); // the server's answer and close end the session, not our stdin
                    assertEquals(0, client.waitFor(EXIT), client.err() + "\nterminator: " + terminator.err());
                    String out = client.out();
                    assertTrue(out.startsWith("HTTP/1.1 200"), out);
                    assertTrue(out.endsWith("\r\n\r\npage " + page + "\n"), out);
                }
            }
            assertTrue(terminator.isAlive(), "a --server terminator keeps listening: " + terminator.err());
        } finally {
            http.stop(0);
        }
    }

    private static byte[] echoOnce(ServerSocket service, int size) {
        try (Socket s = service.accept()) {
            s.setSoTimeout(60_000);
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(size);
            s.getOutputStream().write(got);
            return got;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
