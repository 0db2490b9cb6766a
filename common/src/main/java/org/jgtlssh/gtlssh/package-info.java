/**
 * The gtlssh application protocol, shared by the client ({@code jgtlssh}) and the server
 * ({@code jgtlsshd}): what the programs put into the layers below them.
 *
 * <ul>
 *   <li>{@link org.jgtlssh.gtlssh.SessionRequest} and {@link org.jgtlssh.gtlssh.SessionRequestCodec}:
 *       the session request carried as the mux main-channel service ({@code login:}, {@code program:})
 *       and the forwarding services of extra channels ({@code tcp,host,port}, {@code unix,path}).
 *   <li>{@link org.jgtlssh.gtlssh.OobMessage}, {@link org.jgtlssh.gtlssh.OobEncoder} and
 *       {@link org.jgtlssh.gtlssh.OobDecoder}: the out-of-band control messages on the main channel
 *       (ready byte, window size, remote-forward requests, and our extensions).
 *   <li>{@link org.jgtlssh.gtlssh.ExtensionOffer} and {@link org.jgtlssh.gtlssh.Feature}: the negotiated
 *       extensions (exit status, half-close, separate stderr, environment, keepalive), offered in a trailer
 *       that gensio's gtlsshd never reads and accepted by an OOB message gensio's gtlssh never receives.
 * </ul>
 *
 * <p>Everything here is a pure codec: bytes in, values out, no I/O, no clock. Every decoder is bounded
 * and has property and fuzz tests. The wire formats are in {@code docs/protocol-extensions.md} and
 * {@code ../shared/spec/gtlssh-protocol.md}.
 */
package org.jgtlssh.gtlssh;
