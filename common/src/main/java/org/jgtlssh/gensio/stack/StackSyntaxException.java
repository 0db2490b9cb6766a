package org.jgtlssh.gensio.stack;

import org.jgtlssh.gensio.GensioException;

/** A stack string or one of its options is malformed. The message names the position and the problem. */
public class StackSyntaxException extends GensioException {
    private final int position;

    /** @param position the 0-based character position of the problem, or -1 when it is not positional */
    public StackSyntaxException(String message, int position) {
        super("", position >= 0 ? "at position " + position + ": " + message : message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
