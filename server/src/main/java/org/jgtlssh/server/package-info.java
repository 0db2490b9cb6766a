/**
 * jgtlsshd, the server: listeners, the server side of ssl/certauth/mux, the login policy (user lookup,
 * allowed certificates, PAM passwords, root refusal, limits and penalties, audit), sessions (login
 * shells in ptys and programs with pipes, always as the authenticated user) and port forwarding.
 *
 * <p>One JVM serves every connection: a virtual thread per connection and per channel, a platform
 * thread per pty or pipe reader (their reads block in native code and would pin a carrier).
 */
package org.jgtlssh.server;
