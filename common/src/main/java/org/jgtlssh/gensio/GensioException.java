package org.jgtlssh.gensio;

import java.io.IOException;

/**
 * An I/O failure that says which layer failed and where: {@code "tcp,localhost,1: connection refused"}.
 */
public class GensioException extends IOException {
    private final String where;

    public GensioException(String where, String problem) {
        super(where == null || where.isEmpty() ? problem : where + ": " + problem);
        this.where = where;
    }

    public GensioException(String where, String problem, Throwable cause) {
        super(where == null || where.isEmpty() ? problem : where + ": " + problem, cause);
        this.where = where;
    }

    /** The layer and address that failed, as in a stack string. */
    public String where() {
        return where;
    }
}
