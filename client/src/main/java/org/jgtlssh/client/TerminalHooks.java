package org.jgtlssh.client;

import org.jgtlssh.gensio.WindowSize;

/** What a session needs from the local terminal of an interactive session. */
interface TerminalHooks {
    WindowSize size();

    /** Calls {@code r} on every window size change (SIGWINCH). */
    void onResize(Runnable r);

    /** Writes a local message (help text) to the terminal. */
    void message(String text);
}
