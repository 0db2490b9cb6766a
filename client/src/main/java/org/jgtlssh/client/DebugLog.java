package org.jgtlssh.client;

import java.io.PrintStream;

/** jgtlssh's own diagnostics: on stderr, never stdout, stripped of anything a peer could inject. */
final class DebugLog {
    private final PrintStream err;
    private final int level;
    private final boolean raw;

    /** @param raw true while the terminal is in raw mode (lines need CR LF) */
    DebugLog(PrintStream err, int level, boolean raw) {
        this.err = err;
        this.level = level;
        this.raw = raw;
    }

    int level() {
        return level;
    }

    void debug(int min, String text) {
        if (level >= min) {
            always(text);
        }
    }

    void always(String text) {
        String s = "jgtlssh: " + TerminalSafe.strip(text);
        err.print(raw ? s.replace("\n", "\r\n") + "\r\n" : s + "\n");
        err.flush();
    }
}
