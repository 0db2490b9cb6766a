/**
 * The {@code msgdelim} filter: turns a byte stream (a serial line, a pty, TCP) into CRC-16 checked
 * messages, byte-compatible with gensio 2.6.2 (see {@code shared/spec/msgdelim.md}).
 *
 * <p>{@link org.jgtlssh.gensio.msgdelim.MsgdelimCodec} is the pure framing and CRC,
 * {@link org.jgtlssh.gensio.msgdelim.MsgdelimDecoder} the bounded receiver that resynchronises at every
 * separator (unlike gensio's, which wedges after the first damaged frame),
 * {@link org.jgtlssh.gensio.msgdelim.MsgdelimGensio} the filter and
 * {@link org.jgtlssh.gensio.msgdelim.MsgdelimFactory} its stack-string registration.
 */
package org.jgtlssh.gensio.msgdelim;
