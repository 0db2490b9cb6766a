package org.jgtlssh.server;

import java.util.List;
import java.util.Map;

/**
 * Exactly what is executed for a session: the command (with the privilege switch in front when the
 * server is root), the launcher's own environment, and the start directory.
 *
 * @param command argv of the launcher process
 * @param environment the environment given to the launcher process (empty when {@code env -i} carries it)
 * @param directory the start directory
 * @param pty true for a login session (a pty), false for pipes
 * @param ptyOwner the uid that gets the pty's slave device (as login(1) does), or -1 to leave it alone
 */
public record LaunchSpec(List<String> command, Map<String, String> environment, String directory, boolean pty,
        int ptyOwner) {
    public LaunchSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    public LaunchSpec(List<String> command, Map<String, String> environment, String directory, boolean pty) {
        this(command, environment, directory, pty, -1);
    }
}
