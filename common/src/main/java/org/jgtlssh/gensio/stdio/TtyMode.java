package org.jgtlssh.gensio.stdio;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Raw mode for a terminal through {@code stty}, with the saved settings restored on close and, should
 * the JVM go down first, from a shutdown hook (a terminal left raw is unusable for its owner).
 *
 * <p>{@code stty} runs with the terminal as its stdin: our own fd 0 (inherited) or {@code /dev/tty}.
 * On a pipe or a file it fails, and so does {@link #enterRaw}, with a message that says so.
 */
public final class TtyMode implements AutoCloseable {
    private final File device; // null: our own stdin
    private final String saved;
    private final Thread hook;
    private boolean restored;

    private TtyMode(File device, String saved) {
        this.device = device;
        this.saved = saved;
        this.hook = new Thread(this::restoreQuietly, "tty-restore");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True if our stdin is a terminal. */
    public static boolean stdinIsTerminal() {
        try {
            return stty(null, "-g").exit == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Saves the settings of the terminal ({@code device}, or our stdin when null) and puts it in raw
     * mode: no echo, no line editing, no signals from ^C/^Z/^\, 8-bit clean, no output processing (as cfmakeraw).
     */
    public static TtyMode enterRaw(File device, String where) throws IOException {
        Result g = stty(device, "-g");
        if (g.exit != 0) {
            throw new org.jgtlssh.gensio.GensioException(where,
                    (device == null ? "stdin" : device.getPath()) + " is not a terminal; raw mode needs one ("
                            + g.err.strip() + ")");
        }
        TtyMode mode = new TtyMode(device, g.out.strip());
        Result r = stty(device, "raw", "-echo");
        if (r.exit != 0) {
            mode.close();
            throw new org.jgtlssh.gensio.GensioException(where, "cannot set raw mode: " + r.err.strip());
        }
        return mode;
    }

    /**
     * Puts a terminal that nobody else uses yet (a fresh pty's slave) in raw mode, with nothing saved
     * or restored.
     */
    public static void makeRaw(File device, String where) throws IOException {
        Result r = stty(device, "raw", "-echo");
        if (r.exit != 0) {
            throw new org.jgtlssh.gensio.GensioException(where, "cannot set raw mode on " + device + ": " + r.err.strip());
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Result stty(File device, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("stty");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(device == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(device));
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out, "stty did not finish");
            }
            return new Result(p.exitValue(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new java.io.InterruptedIOException("interrupted while running stty");
        }
    }

    private synchronized void restoreQuietly() {
        if (restored) {
            return;
        }
        restored = true;
        try {
            stty(device, saved);
        } catch (IOException ignored) {
            // the terminal is gone; nothing left to restore
        }
    }

    /** Restores the saved settings. Idempotent. */
    @Override
    public void close() {
        restoreQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down; the hook has run or will find nothing to do
        }
    }
}
