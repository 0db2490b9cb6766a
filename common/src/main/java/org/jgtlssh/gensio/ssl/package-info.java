/**
 * The {@code ssl} layer: TLS 1.3/1.2 over any reliable child gensio through SunJSSE's {@code SSLEngine},
 * wire-compatible with gensio's ssl (no SNI, no ALPN, certificates judged after the handshake against a
 * {@code CA=} file or hashed directory and the program's {@link org.jgtlssh.gensio.ssl.PeerTrust}).
 * Exposes the peer chain and an RFC 8446/5705 exporter for the layers above.
 */
package org.jgtlssh.gensio.ssl;
