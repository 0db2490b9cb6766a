package org.jgtlssh.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A throwaway local account made with useradd + chpasswd (tests run as root here and in CI). */
final class TestUser implements AutoCloseable {
    final String name;
    final String password;
    final UserAccount account;

    private TestUser(String name, String password, UserAccount account) {
        this.name = name;
        this.password = password;
        this.account = account;
    }

    static boolean canCreate() {
        return Passwd.effectiveUid() == 0 && new java.io.File("/usr/sbin/useradd").canExecute();
    }

    static TestUser create(String prefix) throws IOException, InterruptedException {
        String name = prefix + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String password = "pw-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        run(null, "/usr/sbin/useradd", "-m", "-s", "/bin/bash", name);
        run(name + ":" + password + "\n", "/usr/sbin/chpasswd");
        return new TestUser(name, password, Passwd.lookup(name).orElseThrow());
    }

    private static void run(String stdin, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("/usr/bin/pkill", "-KILL", "-u", name).start().waitFor(10, TimeUnit.SECONDS);
        run(null, "/usr/sbin/userdel", "-r", "-f", name);
    }
}
