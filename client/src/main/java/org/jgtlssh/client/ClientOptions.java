package org.jgtlssh.client;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a session needs, resolved once from the command line, {@code -o}, the config file and the
 * environment (in that order of precedence). Immutable.
 *
 * @param user the login name (before the last {@code @}, or {@code User}, or the local user)
 * @param host the host as typed: names the trust and key files
 * @param connectHost where to connect ({@code HostName} from the config, else {@code host})
 * @param port the port (also used in file names with {@code --transport})
 * @param keyfile {@code -i}, or null for the lookup in {@code ~/.gtlssh}
 * @param certfile {@code --certfile}, or null
 * @param gtlsshDir {@code ~/.gtlssh}
 * @param caDir the server trust directory
 * @param escape the escape character, or {@link EscapeMachine#DISABLED}
 * @param transport {@code --transport} stack, or null for tcp
 * @param family null, {@code ipv4} or {@code ipv6}
 * @param mux false with {@code --nomux}
 * @param interactive raw local terminal, escape character and window size reporting
 * @param prompting false with {@code --nointeractive}: never ask anything
 * @param debug the number of {@code -d}
 * @param program the remote command, empty for a login session
 * @param terminalType {@code $TERM}, or null
 * @param local {@code -L} specs
 * @param remote {@code -R} specs
 * @param telnet {@code -r}: telnet(rfc2217) on top of the session, for a ser2net (or other RFC 2217
 *     server) at the far end; the serial escape keys then drive its port
 */
public record ClientOptions(
        String user,
        String host,
        String connectHost,
        int port,
        Path keyfile,
        Path certfile,
        Path gtlsshDir,
        Path caDir,
        int escape,
        String transport,
        String family,
        boolean mux,
        boolean interactive,
        boolean prompting,
        int debug,
        List<String> program,
        String terminalType,
        List<ForwardSpec> local,
        List<ForwardSpec> remote,
        boolean telnet) {

    public static final int DEFAULT_PORT = 852;

    public ClientOptions {
        program = List.copyOf(program);
        local = List.copyOf(local);
        remote = List.copyOf(remote);
    }

    public boolean login() {
        return program.isEmpty();
    }
}
