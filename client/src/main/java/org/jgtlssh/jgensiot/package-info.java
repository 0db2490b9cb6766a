/**
 * {@code jgensiot}: a gensiot-compatible pipe tool on the jgtlssh stack library. It joins two stacks
 * (io1, by default this process's stdio, and io2 from the command line, as a connector or with
 * {@code -a} an accepter) and copies bytes both ways, passing end of stream on as a half-close.
 */
package org.jgtlssh.jgensiot;
