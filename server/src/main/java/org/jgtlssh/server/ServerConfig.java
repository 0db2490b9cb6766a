package org.jgtlssh.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jgtlssh.gtlssh.Feature;

/** jgtlsshd's settings, parsed once from the command line with defaults resolved here. */
public record ServerConfig(
        int port,
        String ipFamily, // null (dual-stack), "ipv4" or "ipv6"
        boolean tcp,
        List<String> otherAccepters,
        Path keyFile,
        Path certFile,
        boolean permitRoot,
        boolean allowPassword,
        boolean do2fa,
        String pamService,
        String pamCertService, // --do-2fa after a certificate: PAM service for the code (null: pamService)
        boolean oneshot,
        Path pidFile,
        Duration loginDeadline,
        int maxStartups,
        int maxStartupsPerSource,
        Duration keepalive,
        Set<String> acceptEnv,
        Set<Feature> features,
        Path allowedCertsDir, // null: each user's ~/.gtlssh/allowed_certs
        boolean debug) {

    public static final Path DEFAULT_KEY = Path.of("/etc/gtlssh/gtlsshd.key");
    public static final Path DEFAULT_CERT = Path.of("/etc/gtlssh/gtlsshd.crt");
    /** gensio's mux buffer sizes for gtlssh. */
    public static final int MUX_READBUF = 1048128;
    public static final int MUX_WRITEBUF = 65496;
    /** Channels per connection: a session, its forwards; far below gensio's 1000 (memory per channel). */
    public static final int MUX_MAX_CHANNELS = 128;

    public ServerConfig {
        otherAccepters = List.copyOf(otherAccepters);
        acceptEnv = Set.copyOf(acceptEnv);
        features = Set.copyOf(features);
    }
}
