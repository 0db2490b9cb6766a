/**
 * The {@code conacc} accepter: {@code conacc[(retry-time=..)],<connector stack>} opens its child
 * connector and offers it as one accepted connection; once that connection is closed it opens the
 * child again. Used to serve a pty or an outgoing connection through code written for accepters.
 */
package org.jgtlssh.gensio.conacc;
