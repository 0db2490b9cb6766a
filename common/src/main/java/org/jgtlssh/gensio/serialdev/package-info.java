/**
 * The {@code serialdev} terminal: a serial port (or a pty standing in for one) through jSerialComm,
 * with gensio's address syntax ({@code serialdev,/dev/ttyUSB0,115200n81,local,rtscts}) and gensio's
 * UUCP lock files in {@code /var/lock}.
 *
 * <p>jSerialComm's read blocks in native code and would pin a virtual thread's carrier, so each open
 * port has one platform reader thread that fills a bounded buffer (it stops reading when the buffer is
 * full, which back-pressures the line); application reads take from that buffer and may run on
 * virtual threads.
 *
 * <p>Line errors (break, framing, parity, overrun) come from the Linux driver's error counters through a
 * second, read-only descriptor ({@link org.jgtlssh.gensio.serialdev.LineErrors}), not from jSerialComm's
 * event mode, which would take over the reads; a pty has no counters and so no line state.
 */
package org.jgtlssh.gensio.serialdev;
