package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginLimitsTest {

    @Test
    void fullPendingSetDropsTheOldestNotTheNewcomer() {
        StartupLimiter l = new StartupLimiter(3, 100);
        List<String> dropped = new ArrayList<>();
        List<StartupLimiter.Ticket> t = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            t.add(l.admit("10.0.0." + i, () -> dropped.add("c" + n)));
        }
        assertEquals(List.of("c0", "c1"), dropped);
        assertEquals(3, l.pending());
        t.get(4).done();
        t.get(4).done(); // idempotent
        t.get(0).done(); // already evicted: no effect
        assertEquals(2, l.pending());
    }

    @Test
    void perSourceCapEvictsThatSourcesOwnOldest() {
        StartupLimiter l = new StartupLimiter(100, 2);
        List<String> dropped = new ArrayList<>();
        l.admit("a", () -> dropped.add("a1"));
        l.admit("b", () -> dropped.add("b1"));
        l.admit("a", () -> dropped.add("a2"));
        l.admit("a", () -> dropped.add("a3"));
        assertEquals(List.of("a1"), dropped);
        assertEquals(3, l.pending());
    }

    @Test
    void penaltiesBuildUpRunDownAndAreCapped() {
        AtomicLong now = new AtomicLong();
        FailurePenalties p = new FailurePenalties(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
                Duration.ofSeconds(60), 2, now::get);
        p.penalize("x", FailurePenalties.Kind.AUTH_FAILURE);
        p.penalize("x", FailurePenalties.Kind.AUTH_FAILURE);
        p.penalize("x", FailurePenalties.Kind.AUTH_FAILURE);
        assertEquals(Duration.ZERO, p.refusedFor("x")); // 15 s: at the threshold, still allowed
        p.penalize("x", FailurePenalties.Kind.PROTOCOL_ERROR);
        assertEquals(Duration.ofSeconds(10), p.refusedFor("x"));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(Duration.ZERO, p.refusedFor("x"));
        for (int i = 0; i < 100; i++) {
            p.penalize("y", FailurePenalties.Kind.PROTOCOL_ERROR);
        }
        assertEquals(Duration.ofSeconds(45), p.refusedFor("y")); // capped at 60 s
        p.penalize("z", FailurePenalties.Kind.AUTH_FAILURE); // table holds 2: x is forgotten
        p.penalize("w", FailurePenalties.Kind.AUTH_FAILURE);
        assertEquals(Duration.ZERO, p.refusedFor("x"));
    }

    @Test
    void auditLineHasEveryFieldAndNoControlCharacters() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        AuditLog a = new AuditLog(new ServerLog(new PrintStream(b, true), false));
        a.attempt("ev\u001b[2Jil\nroot", "::1", AuditLog.Method.PASSWORD, null, false, "wrong password");
        String line = b.toString();
        assertTrue(line.contains("audit: login user=ev\\x1b[2Jil\\x0aroot from=::1 method=password key=- result=refused reason=\"wrong password\""), line);
        assertEquals(1, line.lines().count());
        assertFalse(line.contains("\u001b"));
    }
}
