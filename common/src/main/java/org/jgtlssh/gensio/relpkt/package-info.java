/**
 * The {@code relpkt} filter: a reliable, ordered, flow-controlled byte stream over an unreliable packet
 * layer (msgdelim over a serial line), wire-compatible with gensio 2.6.2 (see
 * {@code shared/spec/relpkt.md}).
 *
 * <ul>
 *   <li>{@link org.jgtlssh.gensio.relpkt.RelpktCodec}: the four messages, pure and bounded;</li>
 *   <li>{@link org.jgtlssh.gensio.relpkt.RelpktLink}: the state machine (handshake, windows, ACKs,
 *       keepalive, dead-peer detection, close, pacing), driven by an explicit clock so tests advance
 *       time by hand;</li>
 *   <li>{@link org.jgtlssh.gensio.relpkt.RelpktSender} (packetising, window, retransmission, RTT) and
 *       {@link org.jgtlssh.gensio.relpkt.RelpktReceiver} (reassembly, delivery, flow control, hole
 *       requests): the link's two halves, and {@link org.jgtlssh.gensio.relpkt.LinePacer}, which
 *       keeps DATA from queueing ahead of a serial line;</li>
 *   <li>{@link org.jgtlssh.gensio.relpkt.RelpktGensio}: the filter, one reader loop and one
 *       transmit/timer loop around the link;</li>
 *   <li>{@link org.jgtlssh.gensio.relpkt.RelpktOptions} and
 *       {@link org.jgtlssh.gensio.relpkt.RelpktFactory}.</li>
 * </ul>
 */
package org.jgtlssh.gensio.relpkt;
