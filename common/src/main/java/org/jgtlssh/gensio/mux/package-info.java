/**
 * The {@code mux} filter: gensio's channel multiplexer, wire-compatible with gensio 2.6.2.
 *
 * <p>One reliable byte stream (for gtlssh: certauth over TLS) carries many independent channels, each
 * with its own credit window, end-of-message and out-of-band flags. {@link org.jgtlssh.gensio.mux.MuxCodec}
 * is the pure, bounded codec; {@code MuxConnection} is the connection state machine with its reader loop,
 * helped by {@code MuxSender} (the single writer to the wire: order, batching), {@code MuxChannelFlow}
 * (per-channel credit: windows and acks) and {@code MuxChannelTable} (ids and the receive-memory budget);
 * {@link org.jgtlssh.gensio.mux.MuxChannel} is one channel as a
 * {@link org.jgtlssh.gensio.Gensio}; {@link org.jgtlssh.gensio.mux.MuxSession} opens and accepts further
 * channels. The wire format and its interop traps are in {@code spec/mux.md}.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * // client: the first channel carries the session request (raw bytes, NULs allowed)
 * OpenContext ctx = OpenContext.DEFAULT.with(MuxSession.FIRST_SERVICE, request);
 * MuxChannel main = (MuxChannel) Gensios.connect("mux(writebuf=65496,readbuf=1048128),certauth(...),ssl(...),tcp,h,852", ctx);
 * main.write(oobMsg, 0, n, WriteFlags.OOB);                 // gtlssh control message
 * MuxChannel fwd = main.session().openChannel("forward:...");
 * main.session().setIncomingFilter(svc -> svc.startsWith("forward:"));  // what the server may open
 *
 * // server: the first channel is the accepted connection
 * MuxChannel main = (MuxChannel) incoming.open();
 * byte[] request = main.serviceBytes();                     // or main.get(Controls.SERVICE)
 * ReadMeta meta = new ReadMeta();
 * int n = main.read(buf, 0, buf.length, meta);              // meta.oob(): a control message
 * MuxChannel more = main.session().acceptChannel();         // channels the client opens
 * }</pre>
 */
package org.jgtlssh.gensio.mux;
