/**
 * The {@code pty} terminal (connector only): a program on a new pseudo-terminal through pty4j,
 * {@code pty[(options)],<program words>}. A leading {@code -} on the program name is the login-shell
 * convention (exec the name without it, argv[0] with it). Controls: {@code WINDOW_SIZE} (get, set to
 * resize), {@code EXIT_CODE}. Without a program ({@code pty(link=/path,raw)}) it is a bare pty whose
 * slave anyone may open through the link. pty4j reads block in native code, so each pty has one
 * platform reader thread feeding a bounded buffer.
 */
package org.jgtlssh.gensio.pty;
