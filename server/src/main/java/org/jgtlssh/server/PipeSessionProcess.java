package org.jgtlssh.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jgtlssh.gensio.WindowSize;
import org.jgtlssh.gtlssh.ExitStatus;

/** A {@code program:} session on pipes; stderr merged into stdout (gensio) or kept apart (extension). */
final class PipeSessionProcess implements SessionProcess {
    private final Process process;
    private final boolean separateStderr;
    private final ChildExit exit;

    private PipeSessionProcess(Process process, boolean separateStderr) {
        this.process = process;
        this.separateStderr = separateStderr;
        this.exit = ChildExit.watch(process.pid());
    }

    static PipeSessionProcess start(LaunchSpec spec, boolean separateStderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(spec.command());
        pb.environment().clear();
        pb.environment().putAll(spec.environment());
        pb.directory(new java.io.File(spec.directory()));
        pb.redirectErrorStream(!separateStderr);
        return new PipeSessionProcess(pb.start(), separateStderr);
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return separateStderr ? process.getErrorStream() : null;
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public void endInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the program already closed its stdin
        }
    }

    @Override
    public void resize(WindowSize size) {}

    @Override
    public ExitStatus waitFor() throws InterruptedException {
        return exit.status(process.waitFor());
    }

    @Override
    public void hangup() {
        endInput();
        if (process.isAlive()) {
            Thread.ofVirtual().start(() -> SessionProcess.killTree(process.toHandle(), 2000));
        }
    }
}
