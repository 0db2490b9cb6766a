package org.jgtlssh.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.Incoming;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.WriteFlags;
import org.jgtlssh.gensio.certauth.Certauth;
import org.jgtlssh.gensio.certauth.CertificateAuthenticator;
import org.jgtlssh.gtlssh.ExitStatus;
import org.jgtlssh.gtlssh.Feature;
import org.jgtlssh.gtlssh.OobEncoder;
import org.jgtlssh.gtlssh.OobMessage;

/**
 * A small server of ours for the prompt tests: mux, certauth with the given options over ssl on
 * 127.0.0.1, refusing every client certificate so that certauth must ask for what its options enable
 * (password, second factor) and the {@code ctx}'s checkers decide. A login that gets through sees
 * "logged in" and exit status 7. The client's home ({@link #home}) has keys and trusts the server.
 */
final class PromptingServer implements AutoCloseable {
    final Path home;
    private final Accepter accepter;

    private PromptingServer(Path home, Accepter accepter) {
        this.home = home;
        this.accepter = accepter;
    }

    static PromptingServer start(Path tmp, String certauthOptions, OpenContext ctx) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        RealGtlsshd.keygen(home, "setup");
        Path srv = tmp.resolve("srv");
        RealGtlsshd.keygen(tmp, "--keydir", srv.toString(), "serverkey");
        CertificateAuthenticator noCerts = (user, cert) -> Optional.empty();
        Accepter accepter = Gensios.accepter("mux,certauth(" + certauthOptions + "),ssl(key="
                + srv.resolve("gtlsshd.key") + ",cert=" + srv.resolve("gtlsshd.crt") + "),tcp,127.0.0.1,0",
                ctx.with(Certauth.AUTHENTICATOR, noCerts));
        // trust the server for 127.0.0.1 in advance
        HostTrust t = new HostTrust(home.resolve(".gtlssh/server_certs"), "127.0.0.1", accepter.port(), Clock.systemUTC());
        t.verify(HostTrustTest.parse(srv.resolve("gtlsshd.crt")), "ipv4,127.0.0.1," + accepter.port(), true,
                new ScriptedPrompter("y"));
        Thread.ofVirtual().start(() -> {
            while (true) {
                Incoming in;
                try {
                    in = accepter.accept();
                } catch (Exception e) {
                    return;
                }
                Thread.ofVirtual().start(() -> serve(in));
            }
        });
        return new PromptingServer(home, accepter);
    }

    int port() {
        return accepter.port();
    }

    /** A refused login fails in open(); an accepted one gets ready, a line and exit status 7. */
    private static void serve(Incoming in) {
        try (Gensio ch = in.open()) {
            write(ch, OobEncoder.ready(), WriteFlags.OOB);
            write(ch, OobEncoder.encode(new OobMessage.ExtensionsAccepted(EnumSet.of(Feature.EXIT_STATUS, Feature.HALF_CLOSE))),
                    WriteFlags.OOB);
            write(ch, "logged in\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            write(ch, OobEncoder.encode(new OobMessage.Exit(ExitStatus.exited(7))), WriteFlags.OOB);
        } catch (Exception e) {
            in.abort();
        }
    }

    private static void write(Gensio g, byte[] b, int flags) throws java.io.IOException {
        g.write(b, 0, b.length, flags);
    }

    @Override
    public void close() {
        accepter.close();
    }
}
