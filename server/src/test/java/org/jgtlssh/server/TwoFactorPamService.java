package org.jgtlssh.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway PAM service that asks for two things, as a real 2FA stack (pam_unix + pam_oath, say) does:
 *
 * <pre>
 *   auth requisite pam_unix.so                       prompt 1: the account's password (shadow)
 *   auth requisite pam_stress.so                     prompt 2: the code, which becomes PAM_AUTHTOK
 *   auth [success=1 default=ignore] pam_exec.so expose_authtok quiet SCRIPT
 *                                                    checks PAM_AUTHTOK against the one valid code
 *   auth requisite pam_deny.so                       a wrong code: "authentication failure", as pam_oath says
 *   auth required  pam_permit.so
 *   account required pam_unix.so
 * </pre>
 *
 * Only Debian's stock modules: pam_stress is the one that always prompts (it ignores an earlier token
 * unless told otherwise) and stores the answer as the token; pam_exec hands that token to the script on
 * its stdin. Tests run as root; the file under /etc/pam.d has a unique name and is removed on close.
 */
final class TwoFactorPamService implements AutoCloseable {
    final String service;
    final String code;
    private final Path pamFile;
    private final Path script;

    private TwoFactorPamService(String service, String code, Path pamFile, Path script) {
        this.service = service;
        this.code = code;
        this.pamFile = pamFile;
        this.script = script;
    }

    static boolean canInstall() {
        return TestUser.canCreate() && Files.isDirectory(Path.of("/etc/pam.d"))
                && moduleDir() != null;
    }

    private static Path moduleDir() {
        for (String d : new String[] {"/lib/x86_64-linux-gnu/security", "/usr/lib/x86_64-linux-gnu/security",
                "/lib/aarch64-linux-gnu/security", "/usr/lib/aarch64-linux-gnu/security", "/lib/security"}) {
            Path p = Path.of(d);
            if (Files.isRegularFile(p.resolve("pam_stress.so")) && Files.isRegularFile(p.resolve("pam_exec.so"))) {
                return p;
            }
        }
        return null;
    }

    /** Installs the password + code service; {@code dir} holds the checking script (root-owned, 0700). */
    static TwoFactorPamService install(Path dir) throws IOException {
        return install(dir, true);
    }

    /**
     * @param withPassword false: a service that asks for the code only (pam_stress is then the first
     *     prompt), as {@code --pam-cert-auth} uses after a certificate login
     */
    static TwoFactorPamService install(Path dir, boolean withPassword) throws IOException {
        String id = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
        String code = String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        Path script = dir.resolve("check-code-" + id);
        // pam_exec writes the token and its NUL; compare without the NUL. The code is in the script, not argv.
        Files.writeString(script, "#!/bin/sh\ngot=$(head -c 200 | tr -d '\\000')\n[ \"$got\" = '" + code + "' ]\n",
                StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        String service = "jgtlsshd-2fa-test-" + id;
        Path pamFile = Path.of("/etc/pam.d", service);
        Files.writeString(pamFile, "# jgtlssh test service, removed after the test\n"
                + (withPassword ? "auth requisite pam_unix.so\n" : "")
                + "auth requisite pam_stress.so\n"
                + "auth [success=1 default=ignore] pam_exec.so expose_authtok quiet " + script + "\n"
                + "auth requisite pam_deny.so\n"
                + "auth required pam_permit.so\n"
                + "account required pam_unix.so\n", StandardCharsets.US_ASCII);
        return new TwoFactorPamService(service, code, pamFile, script);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(pamFile);
        Files.deleteIfExists(script);
    }
}
