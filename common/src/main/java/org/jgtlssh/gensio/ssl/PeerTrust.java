package org.jgtlssh.gensio.ssl;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.jgtlssh.gensio.Control;
import org.jgtlssh.gensio.Role;

/**
 * The trust decision on the peer's TLS certificate, for a program that has its own policy (gtlssh's
 * pinning and trust on first use). Passed as the {@link #ATTRIBUTE} attribute of the
 * {@link org.jgtlssh.gensio.OpenContext}. The ssl layer has already proven that the peer holds the
 * certificate's key (TLS CertificateVerify) and has checked it against its {@code CA=} store; the policy
 * sees that result and decides. Without a policy, only a certificate that verifies is accepted (gensio's
 * behaviour), unless {@code allow-authfail} is set.
 */
@FunctionalInterface
public interface PeerTrust {
    /** The OpenContext attribute key. */
    Control<PeerTrust> ATTRIBUTE = Control.of("ssl-peer-trust", PeerTrust.class);

    /**
     * Decides whether to go on with this peer. Return false (or throw with a message for the user) to
     * refuse; the ssl layer then closes the connection and nothing is sent above TLS.
     */
    boolean trust(PeerCertificate peer) throws IOException;

    /**
     * What the ssl layer knows about the peer: its chain (leaf first), the store check, the remote address
     * as printed by the child ({@code ipv4,127.0.0.1,852}) and our role.
     */
    record PeerCertificate(X509Certificate[] chain, CaStore.Result storeCheck, String remoteAddress, Role role) {
        public X509Certificate leaf() {
            return chain[0];
        }
    }
}
