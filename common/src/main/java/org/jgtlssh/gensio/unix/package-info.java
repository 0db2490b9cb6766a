/**
 * The {@code unix} terminal: a Unix-domain stream socket, {@code unix[(options)],<path>}. The connector
 * connects to the path; the accepter creates the socket file (refusing an existing one unless
 * {@code delsock}), sets its permissions and owner, and removes it again when it is closed.
 */
package org.jgtlssh.gensio.unix;
