package org.jgtlssh.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process started by a test (the real gensiot, socat, one of our launchers), with stdout and stderr
 * collected in the background and the whole process tree killed on {@link #close()}.
 */
public final class ManagedProcess implements AutoCloseable {
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;
    private final String name;

    private ManagedProcess(Process p, String name, boolean captureStdout) {
        this.process = p;
        this.name = name;
        this.outPump = captureStdout ? pump(p.getInputStream(), out) : null;
        this.errPump = pump(p.getErrorStream(), err);
    }

    public static ManagedProcess start(List<String> cmd) throws IOException {
        return start(cmd, Map.of(), null, true);
    }

    public static ManagedProcess start(String... cmd) throws IOException {
        return start(List.of(cmd));
    }

    /**
     * @param captureStdout false to leave stdout unread, for a test that reads it itself through
     *     {@link #stdout()}
     */
    public static ManagedProcess start(List<String> cmd, Map<String, String> env, Path dir, boolean captureStdout)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd));
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        return new ManagedProcess(pb.start(), String.join(" ", cmd), captureStdout);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        return Thread.ofPlatform().daemon().start(() -> {
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (sink) {
                        sink.write(b, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    public Process process() {
        return process;
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public InputStream stdout() {
        return process.getInputStream();
    }

    public byte[] outBytes() {
        synchronized (out) {
            return out.toByteArray();
        }
    }

    public String out() {
        return new String(outBytes(), StandardCharsets.UTF_8);
    }

    public String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the exit and for the output pumps to drain; fails the test with the output if it hangs. */
    public int waitFor(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + max + "\nstdout: " + out() + "\nstderr: " + err());
        }
        if (outPump != null) {
            outPump.join(5000);
        }
        errPump.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
