package org.jgtlssh.client;

/**
 * Checks for names typed by the user that become parts of file names under {@code ~/.gtlssh}
 * ({@code keycerts/<host>.crt}, {@code server_certs/<host>,<port>.crt}). gtlssh pastes them in
 * unchecked, so a host of {@code ../../x} would read or write outside the directory.
 */
final class HostNames {
    private HostNames() {}

    static String checkHostFileName(String host) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (host.length() > 200) {
            throw new IllegalArgumentException("host name is too long");
        }
        if (host.contains("..") || host.equals(".") || host.startsWith("-")) {
            throw new IllegalArgumentException("invalid host name '" + TerminalSafe.oneLine(host) + "'");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '/' || c == '\\' || c <= 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new IllegalArgumentException("invalid host name '" + TerminalSafe.oneLine(host) + "'");
            }
        }
        return host;
    }
}
