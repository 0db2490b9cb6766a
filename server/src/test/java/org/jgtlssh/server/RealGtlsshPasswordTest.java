package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jgtlssh.testutil.RealGensio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password logins (PAM) from the real gtlssh, whose certificate the server does not know. */
class RealGtlsshPasswordTest {
    @TempDir
    Path dir;

    @Test
    void passwordLoginThroughPamWhenTheCertificateIsUnknown() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create test accounts");
        try (GtlsshFixture f = new GtlsshFixture(dir, "--allow-password")) {
            Path other = f.strangerHome("stranger");
            String cmd = "HOME=" + other + " " + RealGensio.binary("gtlssh") + " -p " + f.port + " " + f.target()
                    + " sh -c 'echo logged-in-as-$(id -un); sleep 5'";
            try (Tmux wrong = new Tmux("jgt-pw1-" + ProcessHandle.current().pid(), 80, 24, cmd)) {
                wrong.await("Password:");
                wrong.type("not-the-password");
                wrong.enter();
                wrong.await("Authentication tokens rejected"); // gensio's client text for a refusal
            }
            try (Tmux t = new Tmux("jgt-pw2-" + ProcessHandle.current().pid(), 80, 24, cmd)) {
                t.await("Password:");
                t.type(f.user.password);
                t.enter();
                t.await("logged-in-as-" + f.user.name);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> f.server.err().contains("user=" + f.user.name + " from=127.0.0.1 method=password key=- result=accepted"));
            String log = f.server.err();
            assertTrue(log.contains("method=password key=- result=refused reason=\"wrong password\""), log);
            assertTrue(!log.contains(f.user.password) && !log.contains("not-the-password"), "a password reached the log");
        }
    }
}
