package org.jgtlssh.gtlssh;

/**
 * How a remote program ended: its exit code, or the signal that killed it.
 *
 * @param signaled true when {@code value} is a signal number
 * @param value the exit code 0..255, or the signal number 1..127
 */
public record ExitStatus(boolean signaled, int value) {
    public ExitStatus {
        if (signaled ? value < 1 || value > 127 : value < 0 || value > 255) {
            throw new IllegalArgumentException((signaled ? "signal " : "exit code ") + value + " out of range");
        }
    }

    public static ExitStatus exited(int code) {
        return new ExitStatus(false, code);
    }

    public static ExitStatus killedBy(int signal) {
        return new ExitStatus(true, signal);
    }

    /** The status a shell would show: the code, or 128 + the signal number (130 for SIGINT). */
    public int shellStatus() {
        return signaled ? 128 + value : value;
    }

    /** Linux's numbers 1..31 (the same on x86, arm and most others). */
    private static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
            "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    /** The signal's name without "SIG" ("TERM"), or its number for one without a name; null for an exit code. */
    public String signalName() {
        if (!signaled) {
            return null;
        }
        return value < NAMES.length ? NAMES[value] : String.valueOf(value);
    }
}
