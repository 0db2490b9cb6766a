/**
 * jgtlssh, the client: command line ({@link org.jgtlssh.client.Jgtlssh}), the session over a gensio
 * stack, host trust on first use with gtlssh's {@code ~/.gtlssh/server_certs} files, credential lookup,
 * the escape-character machine, the local terminal (JLine), and port forwarding.
 *
 * <p>Everything printed that came from the peer goes through {@link org.jgtlssh.client.TerminalSafe}.
 */
package org.jgtlssh.client;
