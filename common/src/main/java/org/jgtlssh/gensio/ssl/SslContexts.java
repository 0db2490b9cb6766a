package org.jgtlssh.gensio.ssl;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jgtlssh.gensio.GensioException;
import org.jgtlssh.keys.Pem;

/**
 * Builds SunJSSE contexts from gensio-style options. Peer certificates are accepted by the handshake
 * itself (the peer still proves it holds the key through CertificateVerify) and judged afterwards
 * against the {@code CA=} store and the program's {@link PeerTrust}, exactly where gensio judges them:
 * this lets a trust-on-first-use policy see and show the certificate.
 */
final class SslContexts {
    private SslContexts() {}

    /** Server contexts by options and key/cert file times: an accepter reads its key once, not per connection. */
    private static final java.util.Map<List<Object>, SSLContext> SERVER_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A context for {@code o}. Servers share one per key (and re-read it when the files change); a client
     * gets a fresh one each time, so it never offers a session ticket (gensio's clients resume nothing).
     */
    static SSLContext forOptions(SslOptions o) throws IOException {
        if (o.role() != org.jgtlssh.gensio.Role.SERVER) {
            return create(o);
        }
        List<Object> key = List.of(o, mtime(o.key()), mtime(o.cert()));
        SSLContext c = SERVER_CACHE.get(key);
        if (c == null) {
            c = create(o);
            if (SERVER_CACHE.size() > 64) {
                SERVER_CACHE.clear();
            }
            SERVER_CACHE.put(key, c);
        }
        return c;
    }

    private static Object mtime(String file) {
        try {
            return java.nio.file.Files.getLastModifiedTime(Path.of(file)).toMillis();
        } catch (IOException e) {
            return -1L;
        }
    }

    static SSLContext create(SslOptions o) throws IOException {
        try {
            KeyManager[] kms = null;
            if (o.key() != null) {
                PrivateKey key = Pem.readPrivateKey(Path.of(o.key()));
                List<X509Certificate> chain = Pem.readCertificates(Path.of(o.cert()));
                if (!keyMatches(key, chain.getFirst().getPublicKey())) {
                    throw new GensioException("ssl", o.cert() + ": certificate does not match the key in " + o.key());
                }
                kms = new KeyManager[] {new SingleKeyManager(key, chain.toArray(new X509Certificate[0]))};
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kms, new TrustManager[] {new DeferredTrust()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new GensioException("ssl", "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Our one key and chain, offered for whatever key type matches it. (An in-memory PKCS12 KeyStore
     * with SunX509 would do the same, but PKCS12 encrypts and decrypts the key with PBKDF2 on the way:
     * about half a second of CPU per context.)
     */
    static final class SingleKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "key";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        SingleKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        /** SunJSSE asks by key type ("EC", "RSA", "EdDSA", "RSASSA-PSS", legacy "EC_RSA"...). */
        private String aliasFor(String keyType) {
            if (keyType == null) {
                return null;
            }
            int u = keyType.indexOf('_');
            String base = u < 0 ? keyType : keyType.substring(0, u);
            String have = chain[0].getPublicKey().getAlgorithm();
            boolean ed = (base.equals("EdDSA") || base.equals("Ed25519") || base.equals("Ed448"))
                    && (have.equals("EdDSA") || have.equals("Ed25519") || have.equals("Ed448"));
            return base.equals(have) || ed ? ALIAS : null;
        }

        private String aliasFor(String[] keyTypes) {
            if (keyTypes != null) {
                for (String t : keyTypes) {
                    if (aliasFor(t) != null) {
                        return ALIAS;
                    }
                }
            }
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }

    /** Signs a probe with the private key and verifies it with the certificate's key. */
    static boolean keyMatches(PrivateKey key, java.security.PublicKey pub) {
        String alg = switch (key.getAlgorithm()) {
            case "EdDSA", "Ed25519" -> "Ed25519";
            case "Ed448" -> "Ed448";
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (alg == null) {
            return true; // RSASSA-PSS and friends: the handshake will tell
        }
        try {
            byte[] probe = "jgtlssh key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature s = java.security.Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            java.security.Signature v = java.security.Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Accepts any chain during the handshake; the layer checks it right after (see the class comment).
     * Advertises no CA names, as gensio advertises none, so a client offers whatever certificate it has.
     */
    static final class DeferredTrust extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
