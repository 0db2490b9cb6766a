package org.jgtlssh.gensio.certauth;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.ssl.Async;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.jgtlssh.gensio.ssl.PeerTrust;
import org.jgtlssh.gensio.ssl.SslGensio;
import org.jgtlssh.gensio.ssl.SslOptions;
import org.jgtlssh.gensio.ssl.TestCerts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A man in the middle that the victim's client trusts (it accepted the wrong key on first use) terminates
 * TLS with its own key and relays certauth to the real server. With both ends ours the signature covers
 * each TLS connection's exporter, so the relayed signature fails on the server; the control case (client
 * channel binding switched off, i.e. what a gensio client does) shows the relay itself works.
 */
class CertauthRelayTest {
    @TempDir
    Path dir;

    CertauthHarness h;
    TestCerts.Identity mitmKey;

    @BeforeEach
    void setUp() throws Exception {
        h = new CertauthHarness(dir);
        mitmKey = TestCerts.selfSigned(dir.resolve("mitm"), "evil", "ed25519");
    }

    record Outcome(IOException client, CertauthGensio server, IOException serverError) {}

    Outcome relay(boolean clientBinds, boolean stripOptions) throws Exception {
        Gensio[] a = Pipe.pair(1 << 16); // victim client <-> mitm
        Gensio[] b = Pipe.pair(1 << 16); // mitm <-> real server
        SslOptions victim = new SslOptions(Role.CLIENT, null, null, null, false, false, Duration.ofSeconds(10), 16384, 16384);
        SslOptions mitmServer = new SslOptions(Role.SERVER, null, mitmKey.key().toString(), mitmKey.cert().toString(),
                false, false, Duration.ofSeconds(10), 16384, 16384);
        SslOptions mitmClient = new SslOptions(Role.CLIENT, h.server.cert().toString(), null, null, false, false,
                Duration.ofSeconds(10), 16384, 16384);
        SslOptions real = new SslOptions(Role.SERVER, null, h.server.key().toString(), h.server.cert().toString(), false,
                false, Duration.ofSeconds(10), 16384, 16384);

        CompletableFuture<CertauthGensio> server = Async.supply(() -> {
            try {
                Gensio tls = SslGensio.open(real, b[1], OpenContext.DEFAULT);
                return CertauthGensio.open(CertauthHarness.options(h.serverCa(), Role.SERVER), tls, OpenContext.DEFAULT);
            } catch (IOException e) {
                b[1].abort();
                throw new RuntimeException(e);
            }
        });
        CompletableFuture<Void> mitm = Async.run(() -> {
            try {
                CompletableFuture<Gensio> up = Async.supply(() -> {
                    try {
                        return SslGensio.open(mitmClient, b[0], OpenContext.DEFAULT);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                Gensio down = SslGensio.open(mitmServer, a[1], OpenContext.DEFAULT);
                MessageIO fromVictim = new MessageIO(down);
                MessageIO toServer = new MessageIO(up.get(10, TimeUnit.SECONDS));
                toServer.write(fromVictim.read("CLIENTHELLO"));
                fromVictim.write(toServer.read("SERVERHELLO"));
                CertauthMessage rsp = fromVictim.read("CHALLENGE_RESPONSE");
                if (stripOptions) {
                    List<CertauthMessage.Element> kept = new ArrayList<>();
                    for (CertauthMessage.Element e : rsp.elements()) {
                        if (e.id() != CertauthMessage.OPTIONS) {
                            kept.add(e);
                        }
                    }
                    rsp = new CertauthMessage(rsp.type(), kept);
                }
                toServer.write(rsp);
                fromVictim.write(toServer.read("PASSWORD_REQUEST"));
                toServer.write(fromVictim.read("PASSWORD"));
                fromVictim.write(toServer.read("SERVERDONE"));
                down.close();
                up.get().close();
            } catch (Exception e) {
                a[1].abort();
                b[0].abort();
            }
        });
        IOException clientError = null;
        try {
            OpenContext trustsAnything = OpenContext.DEFAULT.with(PeerTrust.ATTRIBUTE, pc -> true);
            Gensio tls = SslGensio.open(victim, a[0], trustsAnything);
            CertauthOptions co = CertauthHarness.options(h.clientCert(h.testuser, "alice"), Role.CLIENT)
                    .withChannelBinding(clientBinds);
            CertauthGensio.open(co, tls, OpenContext.DEFAULT).abort();
        } catch (IOException e) {
            clientError = e;
            a[0].abort();
        }
        mitm.get(20, TimeUnit.SECONDS);
        try {
            return new Outcome(clientError, server.get(20, TimeUnit.SECONDS), null);
        } catch (java.util.concurrent.ExecutionException e) {
            return new Outcome(clientError, null, (IOException) e.getCause().getCause());
        }
    }

    @Test
    void relayedLoginFailsWhenBothEndsAreOurs() throws Exception {
        Outcome o = relay(true, false);
        assertNotNull(o.serverError(), "the server refused the relayed signature");
        assertTrue(o.serverError().getMessage().contains("authentication refused"), o.serverError().getMessage());
        assertNotNull(o.client());
    }

    @Test
    void strippingTheBindingClaimDoesNotHelpTheRelay() throws Exception {
        Outcome o = relay(true, true);
        assertNotNull(o.serverError(), "a channel-bound signature never verifies as a plain one");
        assertNull(o.server());
    }

    @Test
    void controlWithoutBindingTheSameRelayLogsIn() throws Exception {
        Outcome o = relay(false, false);
        assertNull(o.serverError(), () -> String.valueOf(o.serverError()));
        assertTrue(o.server().isAuthenticated(), "this is the gensio protocol's weakness the binding closes");
        o.server().abort();
    }
}
