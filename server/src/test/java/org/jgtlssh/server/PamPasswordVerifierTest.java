package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jgtlssh.server.PasswordVerifier.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real PAM (service jgtlsshd, which falls back to Debian's "other" stack) against a real test account. */
class PamPasswordVerifierTest {
    private static TestUser user;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PamPasswordVerifier pam = new PamPasswordVerifier("jgtlsshd", log::add);

    @BeforeAll
    static void makeUser() throws Exception {
        assumeTrue(TestUser.canCreate(), "needs root to create a test account");
        user = TestUser.create("jgtpam");
    }

    @AfterAll
    static void removeUser() throws Exception {
        if (user != null) {
            user.close();
        }
    }

    @Test
    void rightPasswordIsAccepted() {
        assertEquals(Result.ACCEPTED, pam.verify(user.name, user.password.getBytes(StandardCharsets.UTF_8), null, "::1"));
    }

    @Test
    void wrongPasswordEmptyPasswordAndUnknownUserAreRejectedAlike() {
        long t0 = System.nanoTime();
        assertEquals(Result.REJECTED, pam.verify(user.name, "wrong".getBytes(StandardCharsets.UTF_8), null, "::1"));
        assertEquals(Result.REJECTED, pam.verify(user.name, new byte[0], null, "::1"));
        assertEquals(Result.REJECTED, pam.verify("nosuchuserjgt", "x".getBytes(StandardCharsets.UTF_8), null, "::1"));
        // PAM's own 2 s failure delay is replaced by ours (applied elsewhere, per source)
        assertEquals(true, System.nanoTime() - t0 < 1_500_000_000L, "PAM slept on failure");
        assertEquals(List.of(), log);
    }

    /** Password and code through one PAM conversation: the first prompt gets the password, the second the code. */
    @Test
    void twoFactorStackNeedsBothThePasswordAndTheCode(@TempDir Path dir) throws Exception {
        assumeTrue(TwoFactorPamService.canInstall(), "needs root and pam_stress/pam_exec");
        try (TwoFactorPamService svc = TwoFactorPamService.install(dir)) {
            PamPasswordVerifier twoFa = new PamPasswordVerifier(svc.service, log::add);
            byte[] pw = user.password.getBytes(StandardCharsets.UTF_8);
            byte[] code = svc.code.getBytes(StandardCharsets.US_ASCII);
            assertEquals(Result.ACCEPTED, twoFa.verify(user.name, pw, code, "::1"));
            assertEquals(Result.REJECTED, twoFa.verify(user.name, pw, "000000x".getBytes(StandardCharsets.US_ASCII), "::1"));
            assertEquals(Result.REJECTED, twoFa.verify(user.name, "wrong".getBytes(StandardCharsets.UTF_8), code, "::1"));
            assertEquals(Result.REJECTED, twoFa.verify(user.name, pw, null, "::1"), "a missing code is a refusal");
            assertEquals(Result.REJECTED, twoFa.verify(user.name, code, pw, "::1"), "the order of the answers matters");
            assertEquals(List.of(), log);
        }
    }
}
