package org.jgtlssh.client;

/** Placeholder until the connection layers land (see Connector). */
final class Session {
    private final ClientOptions options;

    Session(ClientOptions options) {
        this.options = options;
    }

    int run() {
        System.err.println("jgtlssh: connecting to " + options.host() + " is not wired up yet");
        return ExitCodes.FAILURE;
    }
}
