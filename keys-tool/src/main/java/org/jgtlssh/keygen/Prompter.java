package org.jgtlssh.keygen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The y/n questions gtlssh-keygen asks: a line starting with {@code y} is yes, {@code n} is no, anything
 * else asks again; end of input aborts. {@code --force} answers yes without reading.
 */
final class Prompter {
    private final BufferedReader in;
    private final PrintWriter out;
    private final boolean force;

    Prompter(BufferedReader in, PrintWriter out, boolean force) {
        this.in = in;
        this.out = out;
        this.force = force;
    }

    boolean force() {
        return force;
    }

    /** Asks {@code question (y/n): } and returns the answer. */
    boolean ask(String question) throws IOException {
        if (force) {
            return true;
        }
        out.print(question + " (y/n): ");
        out.flush();
        for (int tries = 0; tries < 20; tries++) {
            String line = in.readLine();
            if (line == null) {
                throw new ExitCodes.Failure("Error getting response, aborting");
            }
            if (line.startsWith("y")) {
                return true;
            }
            if (line.startsWith("n")) {
                return false;
            }
            out.print("Unknown response, please enter y or n: ");
            out.flush();
        }
        throw new ExitCodes.Failure("No valid response, aborting");
    }
}
