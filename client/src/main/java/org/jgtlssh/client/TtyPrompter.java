package org.jgtlssh.client;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Questions and secrets on the controlling terminal ({@code /dev/tty}), never on stdin/stdout: stdin
 * may be the remote program's input and stdout its output. Without a controlling terminal every
 * question is answered with "no answer", which refuses (like {@code --nointeractive}).
 */
final class TtyPrompter implements TrustPrompter {
    /** Longest answer line or password read. */
    static final int MAX_LINE = 1024;

    @Override
    public void say(String text) throws IOException {
        try (OutputStream out = new FileOutputStream("/dev/tty")) {
            out.write(text.replace("\n", "\r\n").replace("\r\r\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.print(text); // no terminal: stderr is the next best place, never stdout
            System.err.flush();
        }
    }

    @Override
    public Optional<String> ask(String prompt) throws IOException {
        byte[] line = read(prompt, true);
        if (line == null) {
            return Optional.empty();
        }
        return Optional.of(new String(line, StandardCharsets.UTF_8));
    }

    /**
     * Reads a secret without echo; the caller must clear the returned array. Null without a terminal or
     * at end of input.
     */
    char[] secret(String prompt) throws IOException {
        byte[] b = read(prompt, false);
        if (b == null) {
            return null;
        }
        char[] c = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(b)).array();
        Arrays.fill(b, (byte) 0);
        return c;
    }

    private byte[] read(String prompt, boolean echo) throws IOException {
        InputStream in;
        OutputStream out;
        try {
            in = new FileInputStream("/dev/tty");
            out = new FileOutputStream("/dev/tty");
        } catch (IOException e) {
            return null;
        }
        String saved = null;
        try (in; out) {
            if (!echo) {
                saved = Tty.stty("-g");
                Tty.stty("-echo");
            }
            out.write(prompt.getBytes(StandardCharsets.UTF_8));
            out.flush();
            // A fixed buffer, wiped after use: a password must not linger in a growable array's old copies.
            byte[] line = new byte[MAX_LINE];
            int n = 0;
            int c;
            while ((c = in.read()) >= 0 && c != '\n' && c != '\r') {
                if (n < MAX_LINE) {
                    line[n++] = (byte) c;
                }
            }
            if (!echo) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            byte[] result = c < 0 && n == 0 ? null : Arrays.copyOf(line, n);
            Arrays.fill(line, (byte) 0);
            return result;
        } finally {
            if (saved != null) {
                Tty.stty(saved);
            }
        }
    }
}
