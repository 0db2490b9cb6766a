package org.jgtlssh.keygen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the login client ({@code jgtlssh}, or gensio's {@code gtlssh}) the way gtlssh-keygen runs gtlssh
 * for {@code pushcert}: the data goes to its stdin, which stays open until the client exits (gtlssh drops
 * the session at stdin EOF, before the remote command has answered).
 */
final class ClientRunner {
    private ClientRunner() {}

    record Result(int exitCode, String out, String err) {}

    /**
     * @param home the HOME the client gets (its ~/.gtlssh: server trust and default keys)
     */
    static Result run(List<String> command, java.nio.file.Path home, byte[] input, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", home.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ExitCodes.Failure("Unable to run " + command.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        OutputStream stdin = p.getOutputStream();
        try {
            stdin.write(input);
            stdin.flush();
        } catch (IOException broken) {
            // the client exited early; its status and stderr say why
        }
        boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!exited) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        o.join(5000);
        e.join(5000);
        return new Result(exited ? p.exitValue() : -1, text(out), text(err) + (exited ? "" : "timed out after " + timeout));
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        return Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (sink) {
                        if (sink.size() < 1 << 20) { // a peer's output, bounded
                            sink.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException ignored) {
                // ended
            }
        });
    }

    /** Removes terminal control sequences from what a remote end printed before we show it. */
    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
