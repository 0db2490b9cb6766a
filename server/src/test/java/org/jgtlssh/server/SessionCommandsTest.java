package org.jgtlssh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionCommandsTest {
    private static final UserAccount ALICE = new UserAccount("alice", 1001, 1002, "/home/alice", "/bin/bash");
    private static final SessionCommands.Peer PEER = new SessionCommands.Peer("::ffff:127.0.0.1", 40000, "::ffff:127.0.0.1", 852);

    @Test
    void rootServerDropsToTheUserBeforeAnythingOfTheClientRuns() {
        LaunchSpec s = SessionCommands.program(ALICE, true, PEER, Map.of("LANG", "C.UTF-8"), List.of("id", "-u"));
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=1001", "--regid=1002", "--init-groups", "--", "/usr/bin/env", "-i",
                "HOME=/home/alice", "USER=alice", "LOGNAME=alice", "PATH=" + SessionCommands.PATH, "SHELL=/bin/bash",
                "SSH_CLIENT=::ffff:127.0.0.1 40000 852", "SSH_CONNECTION=::ffff:127.0.0.1 40000 ::ffff:127.0.0.1 852",
                "LANG=C.UTF-8", "id", "-u"), s.command());
        assertEquals(Map.of(), s.environment()); // setpriv, still root, sees no client environment
        assertFalse(s.pty());
    }

    @Test
    void sameUserServerRunsWithoutSetpriv() {
        LaunchSpec s = SessionCommands.program(ALICE, false, null, Map.of(), List.of("true"));
        assertEquals("/usr/bin/env", s.command().get(0));
    }

    @Test
    void loginShellHasADashedArgv0() {
        LaunchSpec s = SessionCommands.login(ALICE, true, PEER, Map.of("TERM", "xterm"));
        List<String> c = s.command();
        assertEquals(List.of("/bin/bash", "-c", "exec -a \"$0\" \"$@\"", "-bash", "/bin/bash", "-i"),
                c.subList(c.size() - 6, c.size()));
        assertTrue(c.contains("TERM=xterm"));
        assertTrue(s.pty());
        assertEquals(1001, s.ptyOwner());
        assertEquals(-1, SessionCommands.login(ALICE, false, PEER, Map.of()).ptyOwner());
    }

    @Test
    void clientCannotOverrideServerVariables() {
        var env = SessionCommands.environment(ALICE, null, Map.of("HOME", "/tmp"));
        assertEquals("/home/alice", env.get("HOME"));
    }

    @Test
    void programNamesThatEnvWouldMisreadAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SessionCommands.program(ALICE, true, null, Map.of(), List.of("A=b")));
    }

    @Test
    void environmentPolicyKeepsOnlySafeNamesAndValues() {
        EnvironmentPolicy p = new EnvironmentPolicy(Set.of("EDITOR"));
        List<String> rejected = new ArrayList<>();
        var kept = p.filter(List.of("TERM=xterm-256color", "LD_PRELOAD=/tmp/x.so", "junk", "HOME=/tmp"),
                Map.of("LANG", "de_DE.UTF-8", "LC_ALL", "../../tmp/evil", "EDITOR", "vim", "GLIBC_TUNABLES", "x"),
                rejected);
        assertEquals(Map.of("TERM", "xterm-256color", "LANG", "de_DE.UTF-8", "EDITOR", "vim"), kept);
        assertTrue(rejected.containsAll(List.of("LD_PRELOAD", "(malformed)", "HOME", "LC_ALL", "GLIBC_TUNABLES")), rejected.toString());
    }

    @Test
    void userNamesThatCouldBecomeOptionsOrPathsAreInvalid() {
        for (String bad : List.of("", "-root", "../etc", "a/b", "a b", ".x", "x".repeat(33), "al\u00e9")) {
            assertFalse(UserAccount.isValidName(bad), bad);
        }
        for (String ok : List.of("root", "alice", "a.b-c_d", "machine$", "Bob7")) {
            assertTrue(UserAccount.isValidName(ok), ok);
        }
    }
}
