package org.jgtlssh.usecases;

import static org.awaitility.Awaitility.await;
import static org.jgtlssh.testutil.GensioIo.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.FreePort;
import org.jgtlssh.testutil.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Use case 3: real OpenSSH over a noisy serial line. A private sshd on 127.0.0.1 (its own config,
 * host key and authorized_keys in a temp dir); on its side {@code jgensiot -i tcp,localhost,PORT -a
 * 'conacc,relpkt(mode=server),msgdelim,serialdev,ttyB,115200n81'}; the user runs {@code ssh -o
 * ProxyCommand='jgensiot relpkt,msgdelim,serialdev,ttyA,115200n81'}; lossy-link.py between ttyA and
 * ttyB drops and corrupts bytes. relpkt must hand ssh a clean byte stream, or ssh's MACs fail the
 * session.
 */
class OpenSshOverSerialIT {
    @TempDir
    Path dir;

    /** 5 MB through a rate-unlimited line (5 MB at 115200 baud would take 7 minutes) with faults. */
    @Test
    void fiveMegabytesThroughSshOverALossyLineKeepTheirChecksum() throws Exception {
        sha256OverSerial(5_000_000, 0, 3e-4, 11);
    }

    /** At the real 115200 baud, with a fault rate ten times higher, a smaller transfer. */
    @Test
    void sshAtTheRealBaudRateWithManyFaults() throws Exception {
        sha256OverSerial(30_000, 115200, 1e-3, 12);
    }

    private void sha256OverSerial(int size, int baud, double faults, long seed) throws Exception {
        int port = FreePort.find();
        try (ManagedProcess sshd = startSshd(port);
                LossyLink link = LossyLink.open(dir, baud, faults, seed);
                ManagedProcess far = Scenario.jgensiot("-i", "tcp,localhost," + port, "-a",
                        "conacc,relpkt(mode=server),msgdelim,serialdev," + link.b() + ",115200n81")) {
            Scenario.awaitDeviceOpen(far, link.b());
            String proxy = Scenario.shQuote(Scenario.jgensiot()) + " "
                    + Scenario.shQuote("relpkt,msgdelim,serialdev," + link.a() + ",115200n81");
            byte[] data = random(size, seed);
            try (ManagedProcess ssh = ManagedProcess.start(List.of("ssh", "-F", "/dev/null",
                    "-i", dir.resolve("client_key").toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
                    "-o", "ProxyCommand=" + proxy, "-p", Integer.toString(port), "127.0.0.1", "sha256sum"),
                    Map.of(), dir, true)) {
                Thread.ofVirtual().start(() -> {
                    try (OutputStream o = ssh.stdin()) {
                        o.write(data);
                    } catch (IOException e) {
                        // ssh died; its exit code and stderr tell why
                    }
                });
                assertEquals(0, ssh.waitFor(Duration.ofMinutes(2)), "ssh: " + ssh.err() + "\nfar jgensiot: "
                        + far.err() + "\nsshd: " + sshd.err());
                String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
                assertEquals(want + "  -\n", ssh.out());
            }
            assertTrue(link.stop() > 0, "the line damaged no byte: the test proved nothing about relpkt");
        }
    }

    /** A private sshd: -D (no daemon), -e (log to stderr), its own files, 127.0.0.1 only. */
    private ManagedProcess startSshd(int port) throws Exception {
        Path hostKey = dir.resolve("host_key");
        Path clientKey = dir.resolve("client_key");
        keygen(hostKey);
        keygen(clientKey);
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(Path.of(clientKey + ".pub"), authorized);
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + hostKey,
                "AuthorizedKeysFile " + authorized,
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password", // the tests run as root here
                "UsePAM no",
                "StrictModes no", // the temp dir's modes are not sshd's business
                "PidFile none",
                ""));
        // sshd refuses to start without its privilege-separation directory (Debian creates it at boot)
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
        }
        ManagedProcess sshd = ManagedProcess.start("/usr/sbin/sshd", "-D", "-e", "-f", config.toString());
        await().atMost(Scenario.READY).until(() -> {
            if (!sshd.isAlive()) {
                throw new AssertionError("sshd exited: " + sshd.err());
            }
            return sshd.err().contains("Server listening on 127.0.0.1 port " + port);
        });
        return sshd;
    }

    private static void keygen(Path file) throws Exception {
        try (ManagedProcess p = ManagedProcess.start("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "usecase3",
                "-f", file.toString())) {
            assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.err());
        }
    }
}
