package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Who may log in, with a fake account table and password check (the policy is what is under test). */
class LoginPolicyTest {
    private static final UserAccount ROOT = new UserAccount("root", 0, 0, "/root", "/bin/bash");
    private static final UserAccount ALICE = new UserAccount("alice", 1001, 1001, "/home/alice", "/bin/bash");
    private static final Map<String, UserAccount> USERS = Map.of("root", ROOT, "alice", ALICE);
    private static final ConnectionInfo FROM = new ConnectionInfo("192.0.2.7", 5555, "192.0.2.1", 852);

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong();
    private final FailurePenalties penalties = new FailurePenalties(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(15), Duration.ofMinutes(10), 100, now::get);
    private final AtomicInteger pamCalls = new AtomicInteger();

    private LoginPolicy policy(boolean permitRoot, boolean allowPassword, int serverUid) {
        PasswordVerifier pam = (user, pw, tf, host) -> {
            pamCalls.incrementAndGet();
            return new String(pw, StandardCharsets.UTF_8).equals("right") ? PasswordVerifier.Result.ACCEPTED
                    : PasswordVerifier.Result.REJECTED;
        };
        return new LoginPolicy(new LoginPolicy.Settings(permitRoot, allowPassword, serverUid),
                u -> Optional.ofNullable(USERS.get(u)), pam, penalties, new AuditLog(new ServerLog(new PrintStream(log, true), false)));
    }

    @Test
    void rootNeedsPermitRoot() {
        assertInstanceOf(LoginPolicy.Admission.Refused.class, policy(false, true, 0).admit("root"));
        assertInstanceOf(LoginPolicy.Admission.Allowed.class, policy(true, true, 0).admit("root"));
    }

    @Test
    void aServerRunningAsAUserServesOnlyThatUser() {
        assertInstanceOf(LoginPolicy.Admission.Allowed.class, policy(false, false, 1001).admit("alice"));
        assertInstanceOf(LoginPolicy.Admission.Refused.class, policy(true, false, 1002).admit("alice"));
        assertInstanceOf(LoginPolicy.Admission.Refused.class, policy(true, false, 1001).admit("root"));
    }

    @Test
    void unknownAndInvalidNamesAreRefusedBeforeAnyLookupOrPam() {
        LoginPolicy p = policy(false, true, 0);
        assertInstanceOf(LoginPolicy.Admission.Refused.class, p.admit("mallory"));
        assertInstanceOf(LoginPolicy.Admission.Refused.class, p.admit("../../etc"));
        assertFalse(p.checkPassword(FROM, "mallory", "right".getBytes(), null));
        assertFalse(p.checkPassword(FROM, "root", "right".getBytes(), null));
        assertEquals(0, pamCalls.get());
    }

    @Test
    void passwordsOnlyWhenAllowedAndEveryAttemptIsAuditedAndPenalized() {
        assertFalse(policy(false, false, 0).checkPassword(FROM, "alice", "right".getBytes(), null));
        assertEquals(0, pamCalls.get());
        LoginPolicy p = policy(false, true, 0);
        assertFalse(p.checkPassword(FROM, "alice", "wrong".getBytes(), null));
        assertTrue(p.checkPassword(FROM, "alice", "right".getBytes(), null));
        List<String> lines = log.toString().lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("audit: login user=alice from=192.0.2.7 method=password key=- result=refused reason=\"passwords disabled\""));
        assertTrue(lines.get(1).endsWith("result=refused reason=\"wrong password\""));
        assertTrue(lines.get(2).endsWith("audit: login user=alice from=192.0.2.7 method=password key=- result=accepted"));
        assertFalse(log.toString().contains("right") || log.toString().contains("wrong\""), "a password reached the log");
        // 5 s per failure: three failures reach the 15 s threshold, a fourth locks the source out
        assertEquals(Duration.ZERO, penalties.refusedFor("192.0.2.7"));
        p.checkPassword(FROM, "alice", "wrong".getBytes(), null);
        p.checkPassword(FROM, "alice", "wrong".getBytes(), null);
        assertEquals(Duration.ZERO, penalties.refusedFor("192.0.2.7"));
        p.checkPassword(FROM, "alice", "wrong".getBytes(), null);
        assertEquals(Duration.ofSeconds(5), penalties.refusedFor("192.0.2.7"));
    }

    @Test
    void certificateAttemptsAreAuditedWithTheFingerprintAndTheAllowedCertsDecides() throws Exception {
        LoginPolicy p = policy(false, false, 0);
        assertEquals(Optional.of("alice.crt"), p.checkCertificate(FROM, "alice", null, acc -> Optional.of("alice.crt")));
        assertEquals(Optional.empty(), p.checkCertificate(FROM, "alice", null, acc -> Optional.empty()));
        assertEquals(Optional.empty(), p.checkCertificate(FROM, "root", null, acc -> Optional.of("root.crt")));
        List<String> lines = log.toString().lines().toList();
        assertTrue(lines.get(0).endsWith("method=certificate key=- result=accepted"), lines.get(0));
        assertTrue(lines.get(1).endsWith("reason=\"certificate not in allowed_certs, passwords disabled\""), lines.get(1));
        assertTrue(lines.get(2).endsWith("reason=\"Root login not permitted\""), lines.get(2));
    }
}
