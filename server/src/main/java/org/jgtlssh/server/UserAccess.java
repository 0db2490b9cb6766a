package org.jgtlssh.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks the kernel whether the user could do something with a path, by running {@code test} as that
 * user: the exact check (uid, gid, supplementary groups, ACLs) the user's own process would get. Used
 * when the server, running as root, opens or creates unix sockets on a user's behalf.
 */
final class UserAccess {
    private UserAccess() {}

    /** {@code test OP path} run as {@code user} (as ourselves when no switch is needed). */
    static boolean test(UserAccount user, boolean serverIsRoot, String op, String path) {
        List<String> cmd = new ArrayList<>();
        if (serverIsRoot && !user.isRoot()) {
            cmd.addAll(List.of(SessionCommands.SETPRIV, "--reuid=" + user.uid(), "--regid=" + user.gid(), "--init-groups",
                    "--"));
        }
        cmd.addAll(List.of("/usr/bin/test", op, path));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().clear();
            Process p = pb.redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
