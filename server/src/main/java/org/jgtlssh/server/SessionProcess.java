package org.jgtlssh.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gtlssh.ExitStatus;

/** A running session program: a login shell on a pty, or a program on pipes. */
public interface SessionProcess {
    /** Output: the pty master, or the program's stdout (with stderr merged unless {@link #stderr()} is set). */
    InputStream stdout();

    /** The program's separate stderr, or null (pty, or merged like gensio). */
    InputStream stderr();

    OutputStream stdin();

    /** The client's input ended: pipes close stdin (the program reads EOF); a pty ignores it. */
    void endInput();

    /** Applies a window size; ignored by pipes. */
    void resize(WindowSize size);

    /** Waits for the program to end. */
    ExitStatus waitFor() throws InterruptedException;

    /** The client went away: hang the program up (SIGHUP via the pty, or SIGTERM), then kill if it lingers. */
    void hangup();

    /** Starts a session process described by {@code spec}. */
    static SessionProcess start(LaunchSpec spec, WindowSize initial, boolean separateStderr) throws IOException {
        return spec.pty() ? PtySessionProcess.start(spec, initial) : PipeSessionProcess.start(spec, separateStderr);
    }

    /**
     * A JDK exit value read as a shell would: 128+N may be a death by signal N or {@code exit(128+N)}, which
     * the JDK cannot tell apart; {@link ChildExit} asks the kernel instead, and this is its fallback.
     */
    static ExitStatus status(int exitValue) {
        if (exitValue >= 0 && exitValue <= 255) {
            return ExitStatus.exited(exitValue);
        }
        if (exitValue < 0 && -exitValue <= 127) {
            return ExitStatus.killedBy(-exitValue);
        }
        return ExitStatus.exited(255);
    }

    /** Kills the whole process tree after a grace period. */
    static void killTree(ProcessHandle h, long graceMs) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(h.descendants().toList());
        tree.add(h);
        tree.forEach(ProcessHandle::destroy);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        for (ProcessHandle p : tree) {
            long left = end - System.nanoTime();
            if (left > 0) {
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception ignored) {
                    // still alive: killed below
                }
            }
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}
