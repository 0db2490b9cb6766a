/**
 * The documented use cases of issue 8, each a scenario with real processes as a user runs them: the
 * launchers in {@code bin/} (so these classes are {@code *IT} and run after {@code mvn package}),
 * OpenSSH, OpenSSL, socat and {@code lossy-link.py} as a noisy serial cable. Everything talks to
 * 127.0.0.1 only.
 */
package org.jgtlssh.usecases;
