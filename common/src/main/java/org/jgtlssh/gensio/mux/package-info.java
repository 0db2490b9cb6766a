/**
 * The {@code mux} filter: gensio's channel multiplexer, wire-compatible with gensio 2.6.2.
 *
 * <p>One reliable byte stream (for gtlssh: certauth over TLS) carries many independent channels, each
 * with its own credit window, end-of-message and out-of-band flags. {@link org.jgtlssh.gensio.mux.MuxCodec}
 * is the pure, bounded codec; {@code MuxConnection} is the connection state machine with its reader loop
 * and its single wire sender; {@link org.jgtlssh.gensio.mux.MuxChannel} is one channel as a
 * {@link org.jgtlssh.gensio.Gensio}; {@link org.jgtlssh.gensio.mux.MuxSession} opens and accepts further
 * channels. The wire format and its interop traps are in {@code spec/mux.md}.
 */
package org.jgtlssh.gensio.mux;
