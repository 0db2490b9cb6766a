/**
 * The {@code stdio} terminal: {@code stdio(self)} is this process's own stdin/stdout (optionally with
 * the terminal in raw mode), {@code stdio(console)} the controlling terminal, and
 * {@code stdio,<program words>} runs a program and talks to its stdin/stdout. The accepter
 * {@code stdio(self)} "accepts" its own stdio once.
 *
 * <p>Reads go through an {@link org.jgtlssh.gensio.stdio.InputPump} (one platform thread, bounded
 * buffer), so close always wakes a blocked reader and a stalled reader stops the writing program.
 */
package org.jgtlssh.gensio.stdio;
