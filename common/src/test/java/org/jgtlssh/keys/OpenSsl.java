package org.jgtlssh.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgtlssh.testutil.ManagedProcess;

/** Runs the real {@code openssl} command-line tool (OpenSSL 3.0 here), the reference for formats and hashes. */
final class OpenSsl {
    private OpenSsl() {}

    record Result(int code, String out, String err) {}

    static Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try (ManagedProcess p = ManagedProcess.start(cmd)) {
            if (stdin != null) {
                p.stdin().write(stdin);
            }
            p.stdin().close();
            int code = p.waitFor(Duration.ofSeconds(30));
            return new Result(code, p.out(), p.err());
        }
    }

    /** Runs and requires success; returns stdout. */
    static String ok(byte[] stdin, String... args) throws IOException, InterruptedException {
        Result r = run(stdin, args);
        if (r.code() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + r.err());
        }
        return r.out();
    }

    static String ok(Path file, String... args) throws IOException, InterruptedException {
        return ok((byte[]) null, withIn(file, args));
    }

    private static String[] withIn(Path file, String... args) {
        String[] a = new String[args.length + 2];
        System.arraycopy(args, 0, a, 0, args.length);
        a[args.length] = "-in";
        a[args.length + 1] = file.toString();
        return a;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
