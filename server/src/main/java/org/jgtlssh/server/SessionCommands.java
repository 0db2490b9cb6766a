package org.jgtlssh.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link LaunchSpec} of a session: pure, so every rule is table-tested.
 *
 * <pre>
 *   server is root, user is not:   setpriv --reuid=U --regid=G --init-groups -- env -i VARS... CMD
 *   otherwise (same user):         env -i VARS... CMD
 *   CMD, login:                    /bin/bash -c 'exec -a "$0" "$@"' -sh /bin/sh -i     (argv0 "-sh": a login shell)
 *   CMD, program:                  argv as sent, found through PATH                    (as gensio 2.6.2)
 * </pre>
 *
 * <p>Why {@code env -i} after {@code setpriv}: the environment partly comes from the client; it must
 * reach only the user's program, never a process that still runs as root (the dynamic loader and
 * setlocale of a root process read it). setpriv itself gets an empty environment.
 */
public final class SessionCommands {
    /** gensio's PATH for every session. */
    public static final String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
    static final String SETPRIV = "/usr/bin/setpriv";
    static final String ENV = "/usr/bin/env";
    static final String BASH = "/bin/bash";

    private SessionCommands() {}

    /** Where the connection comes from, for SSH_CLIENT / SSH_CONNECTION. */
    public record Peer(String remoteHost, int remotePort, String localHost, int localPort) {}

    /**
     * @param serverIsRoot whether this process runs as root (then the session switches to {@code user})
     * @param clientEnv the allowed client environment (already filtered by {@link EnvironmentPolicy})
     */
    public static LaunchSpec login(UserAccount user, boolean serverIsRoot, Peer peer, Map<String, String> clientEnv) {
        String shell = user.shell();
        String base = shell.substring(shell.lastIndexOf('/') + 1);
        List<String> cmd;
        if (Files.isExecutable(Path.of(BASH))) {
            // bash's exec -a sets argv0; the leading '-' makes the shell a login shell, as login(1) does
            cmd = List.of(BASH, "-c", "exec -a \"$0\" \"$@\"", "-" + base, shell, "-i");
        } else {
            cmd = List.of(shell, "-l", "-i");
        }
        return build(user, serverIsRoot, peer, clientEnv, cmd, true);
    }

    public static LaunchSpec program(UserAccount user, boolean serverIsRoot, Peer peer, Map<String, String> clientEnv,
            List<String> argv) {
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("no program given");
        }
        if (argv.get(0).indexOf('=') >= 0) {
            // env(1) would take it for an assignment; no real program is named like that
            throw new IllegalArgumentException(argv.get(0) + ": No such file or directory");
        }
        return build(user, serverIsRoot, peer, clientEnv, argv, false);
    }

    /** The session environment, in gensio's order: HOME USER LOGNAME PATH, then ours, then the client's. */
    public static Map<String, String> environment(UserAccount user, Peer peer, Map<String, String> clientEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", user.home());
        env.put("USER", user.name());
        env.put("LOGNAME", user.name());
        env.put("PATH", PATH);
        env.put("SHELL", user.shell());
        if (peer != null) {
            env.put("SSH_CLIENT", peer.remoteHost() + " " + peer.remotePort() + " " + peer.localPort());
            env.put("SSH_CONNECTION", peer.remoteHost() + " " + peer.remotePort() + " " + peer.localHost() + " "
                    + peer.localPort());
        }
        clientEnv.forEach(env::putIfAbsent);
        return env;
    }

    private static LaunchSpec build(UserAccount user, boolean serverIsRoot, Peer peer, Map<String, String> clientEnv,
            List<String> cmd, boolean pty) {
        Map<String, String> env = environment(user, peer, clientEnv);
        List<String> full = new ArrayList<>();
        boolean drop = serverIsRoot && !user.isRoot();
        if (drop) {
            full.addAll(List.of(SETPRIV, "--reuid=" + user.uid(), "--regid=" + user.gid(), "--init-groups", "--"));
        }
        full.add(ENV);
        full.add("-i");
        env.forEach((k, v) -> full.add(k + "=" + v));
        full.addAll(cmd);
        String dir = Files.isDirectory(Path.of(user.home())) ? user.home() : "/";
        return new LaunchSpec(full, Map.of(), dir, pty, pty && drop ? user.uid() : -1);
    }
}
