package org.jgtlssh.keygen;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;

/** Runs jgtlssh-keygen in-process through picocli's {@code execute()}, with stdin given and output captured. */
final class KeygenRunner {
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private KeygenEnvironment env;

    KeygenRunner(Path home) {
        this.env = new KeygenEnvironment(new ByteArrayInputStream(new byte[0]), home, "alice", "testhost",
                List.of(home.resolve("no-such-client").toString()), Clock.systemUTC());
    }

    KeygenRunner client(List<String> client) {
        env = env.withClient(client);
        return this;
    }

    KeygenRunner clock(Clock c) {
        env = env.withClock(c);
        return this;
    }

    Run input(String stdin, String... args) {
        CommandLine cl = JgtlsshKeygen.commandLine(
                env.withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Run run(String... args) {
        return input("", args);
    }
}
