package org.jgtlssh.server;

import java.io.PrintStream;

/**
 * The server's log: one line per event on stderr ({@code jgtlsshd[pid]: message}), which systemd's
 * journal timestamps. Peer-supplied text is passed through {@link #clean} first so a user name or a
 * service string cannot forge log lines or send terminal escapes to whoever reads the log.
 */
public final class ServerLog {
    private final PrintStream out;
    private final boolean debug;
    private final String prefix = "jgtlsshd[" + ProcessHandle.current().pid() + "]: ";

    public ServerLog(PrintStream out, boolean debug) {
        this.out = out;
        this.debug = debug;
    }

    public void info(String msg) {
        line(msg);
    }

    public void warn(String msg) {
        line("warning: " + msg);
    }

    public void debug(String msg) {
        if (debug) {
            line("debug: " + msg);
        }
    }

    private void line(String msg) {
        synchronized (out) {
            out.println(prefix + msg);
            out.flush();
        }
    }

    /** Printable ASCII only, control characters and non-ASCII as {@code \xNN}, at most 200 characters. */
    public static String clean(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        return b.toString();
    }
}
