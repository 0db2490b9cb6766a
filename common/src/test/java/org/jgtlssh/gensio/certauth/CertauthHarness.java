package org.jgtlssh.gensio.certauth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.ssl.Async;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.Role;
import org.jgtlssh.gensio.pipe.Pipe;
import org.jgtlssh.gensio.ssl.SslGensio;
import org.jgtlssh.gensio.ssl.SslOptions;
import org.jgtlssh.gensio.ssl.TestCerts;

/** certauth over real TLS over an in-memory pipe, both ends ours; identities from the vectors. */
final class CertauthHarness {
    final Path dir;
    final TestCerts.Identity server;
    final TestCerts.Identity testuser;
    final TestCerts.Identity rsauser;
    final TestCerts.Identity ecuser;
    final TestCerts.Identity stranger;
    final Path allowed;

    CertauthHarness(Path dir) throws IOException {
        this.dir = dir;
        Path keys = dir.resolve("keys");
        server = TestCerts.vectorIdentity(dir.resolve("srv"), "stranger"); // any key will do for TLS
        testuser = TestCerts.vectorIdentity(keys, "testuser");
        rsauser = TestCerts.vectorIdentity(keys, "rsauser");
        ecuser = TestCerts.vectorIdentity(keys, "ecuser");
        stranger = TestCerts.vectorIdentity(keys, "stranger");
        allowed = dir.resolve("allowed");
        Files.createDirectories(allowed);
        for (TestCerts.Identity id : new TestCerts.Identity[] {testuser, rsauser, ecuser}) {
            Files.copy(id.cert(), allowed.resolve(id.cert().getFileName()));
        }
    }

    static CertauthOptions options(String layer, Role role) throws IOException {
        return CertauthOptions.parse(Gensios.parse(layer + ",tcp,localhost,1").filters().getFirst(), role);
    }

    String clientCert(TestCerts.Identity id, String user) {
        return "certauth(cert=" + id.cert() + ",key=" + id.key() + ",username=" + user + ")";
    }

    String serverCa() {
        return "certauth(CA=" + allowed + "/)";
    }

    /** {client gensio, server gensio} over ssl over a pipe; each end's failure is thrown as it happened. */
    Gensio[] sslPair() throws Exception {
        Gensio[] p = Pipe.pair(1 << 16);
        SslOptions so = new SslOptions(Role.SERVER, null, server.key().toString(), server.cert().toString(), false,
                false, Duration.ofSeconds(10), 16384, 16384);
        SslOptions co = new SslOptions(Role.CLIENT, server.cert().toString(), null, null, false, false,
                Duration.ofSeconds(10), 16384, 16384);
        CompletableFuture<Gensio> s = Async.supply(() -> {
            try {
                return SslGensio.open(so, p[1], OpenContext.DEFAULT);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Gensio c = SslGensio.open(co, p[0], OpenContext.DEFAULT);
        return new Gensio[] {c, s.get(10, TimeUnit.SECONDS)};
    }

    /** Both outcomes of one exchange: a gensio or the failure, per side. */
    record Run(CertauthGensio client, IOException clientError, CertauthGensio server, IOException serverError) {
        void abort() {
            if (client != null) {
                client.abort();
            }
            if (server != null) {
                server.abort();
            }
        }
    }

    Run run(CertauthOptions c, OpenContext cctx, CertauthOptions s, OpenContext sctx) throws Exception {
        Gensio[] g = sslPair();
        return run(g, c, cctx, s, sctx);
    }

    static Run run(Gensio[] g, CertauthOptions c, OpenContext cctx, CertauthOptions s, OpenContext sctx) throws Exception {
        CompletableFuture<CertauthGensio> sf = Async.supply(() -> {
            try {
                return CertauthGensio.open(s, g[1], sctx);
            } catch (IOException e) {
                g[1].abort();
                throw new RuntimeException(e);
            }
        });
        CertauthGensio cg = null;
        IOException ce = null;
        try {
            cg = CertauthGensio.open(c, g[0], cctx);
        } catch (IOException e) {
            g[0].abort();
            ce = e;
        }
        CertauthGensio sg = null;
        IOException se = null;
        try {
            sg = sf.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            se = (IOException) e.getCause().getCause();
        }
        return new Run(cg, ce, sg, se);
    }
}
