package org.jgtlssh.usecases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jgtlssh.testutil.ManagedProcess;
import org.jgtlssh.testutil.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Use case 6: managing authorized keys with {@code jgtlssh-keygen} against a personal jgtlsshd on
 * 127.0.0.1 whose {@code --allowed-certs} directory the test controls. The first key gets in the way an
 * administrator lets a user in (copied into allowed_certs); from then on every new key is made with
 * {@code keygen} (the old pair stays as {@code .1}) and installed with {@code enroll}, which logs in
 * with the old pair, runs the remote key tool's {@code addallow}, and proves the new key logs in. Once
 * an old certificate is removed from allowed_certs, its key is refused.
 */
class KeyRotationIT {
    private static final int REFUSED = 255;

    @TempDir
    Path dir;

    private PersonalServer s;
    private int port;

    @Test
    void enrolledKeysLogInAndARotatedOutKeyIsRefusedOnceRemoved() throws Exception {
        s = PersonalServer.create(dir);
        s.keygen("--force", "setup");
        Path key = s.clientDir().resolve("default.key");
        Path cert = s.clientDir().resolve("default.crt");
        Path oldKey = s.clientDir().resolve("default.key.1");
        Path oldCert = s.clientDir().resolve("default.crt.1");
        s.allowDirectly(cert, "first-key");
        try (ManagedProcess server = s.start("tcp,ipv4,127.0.0.1,0")) {
            port = PersonalServer.awaitTcpPort(server);
            s.trustServerAs("127.0.0.1," + port, "ipv4,127.0.0.1," + port);
            assertLogin(0, "the directly allowed first key");

            // keygen: a new default pair, the old one kept as .1; the new key is not allowed yet
            byte[] first = Files.readAllBytes(cert);
            s.keygen("--force", "keygen");
            assertArrayEquals(first, Files.readAllBytes(oldCert), "keygen did not keep the old certificate as .1");
            assertFalse(Arrays.equals(first, Files.readAllBytes(cert)), "keygen made no new certificate");
            assertLogin(REFUSED, "a new key before enroll");
            enroll("laptop-2");
            assertTrue(Files.isRegularFile(s.allowedCerts.resolve("laptop-2.crt")));
            assertLogin(0, "the enrolled second key, without a password");

            // rotation: keygen again, enroll with the previous pair (now .1), the newest key logs in
            byte[] second = Files.readAllBytes(cert);
            s.keygen("--force", "keygen");
            assertArrayEquals(second, Files.readAllBytes(oldCert));
            enroll("laptop-3");
            assertLogin(0, "the rotated-in third key");
            assertLogin(0, "the second key, still allowed", "-i", oldKey.toString(), "--certname", oldCert.toString());

            // removing an old certificate shuts its key out at once (its hash link now dangles), and
            // still after a rehash; the newest key stays in
            Files.delete(s.allowedCerts.resolve("laptop-2.crt"));
            assertLogin(REFUSED, "the removed second key", "-i", oldKey.toString(), "--certname", oldCert.toString());
            Files.delete(s.allowedCerts.resolve("first-key.crt"));
            s.keygen("rehash", s.allowedCerts.toString());
            assertLogin(REFUSED, "the removed second key after a rehash", "-i", oldKey.toString(), "--certname", oldCert.toString());
            assertLogin(0, "the third key after the removal");
            assertTrue(server.err().contains("result=accepted"), server.err());
            assertTrue(server.isAlive(), server.err());
        }
    }

    /** {@code jgtlssh-keygen enroll -n NAME -p PORT root@127.0.0.1}, the remote key tool writing our allowed_certs. */
    private void enroll(String name) throws Exception {
        String remoteKeygen = TestPaths.bin("jgtlssh-keygen") + " --basedir " + s.server;
        assertFalse(remoteKeygen.contains("'") || remoteKeygen.contains("\""), remoteKeygen);
        String out = s.keygen("enroll", "-n", name, "-p", Integer.toString(port), "--remote-keygen", remoteKeygen,
                "root@127.0.0.1");
        assertTrue(out.contains("enrolled at root@127.0.0.1 and verified by a login"), out);
    }

    /** A password-less login ({@code --nointeractive}: nothing can stand in for the key) and its status. */
    private void assertLogin(int want, String what, String... keyArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--nointeractive", "-p", Integer.toString(port)));
        args.addAll(List.of(keyArgs));
        args.addAll(List.of("root@127.0.0.1", "echo", "in-as-" + want));
        try (ManagedProcess c = s.run("jgtlssh", args)) {
            c.stdin().close();
            assertEquals(want, c.waitFor(PersonalServer.COMMAND), what + ": " + c.err());
            if (want == 0) {
                assertEquals("in-as-0\n", c.out(), what);
            } else {
                assertEquals("", c.out(), what);
                assertTrue(c.err().contains("refused"), what + ": " + c.err());
            }
        }
    }
}
