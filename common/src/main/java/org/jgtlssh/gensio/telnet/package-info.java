/**
 * The {@code telnet} filter: RFC 854 data transparency (IAC doubling), RFC 855/1143 option negotiation,
 * RFC 1073 window size (NAWS) and RFC 2217 serial-port control (COM-PORT-OPTION), compatible on the wire
 * with gensio's telnet filter and ser2net.
 *
 * <p>{@link org.jgtlssh.gensio.telnet.TelnetDecoder} is the pure, bounded decoder of the byte stream,
 * {@link org.jgtlssh.gensio.telnet.TelnetEncoder} builds outgoing bytes,
 * {@link org.jgtlssh.gensio.telnet.OptionNegotiator} is the RFC 1143 "Q method" state machine,
 * {@link org.jgtlssh.gensio.telnet.ComPort} encodes and decodes RFC 2217 sub-negotiations,
 * {@link org.jgtlssh.gensio.telnet.ComPortServer} applies them to a serial port (settings, break,
 * DTR/RTS) and turns its modem lines into masked NOTIFY-MODEMSTATE reports, and
 * {@link org.jgtlssh.gensio.telnet.TelnetGensio} is the filter that ties them to a child gensio.
 */
package org.jgtlssh.gensio.telnet;
