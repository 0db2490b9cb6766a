package org.jgtlssh.keygen;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place where outcomes become exit statuses.
 *
 * <pre>
 *   0  done
 *   1  refused or failed (what gtlssh-keygen returns for every error): bad name, existing file without
 *      --force, unsafe directory, a file that could not be read, a failed push, ...
 *   2  command-line syntax (picocli's usage errors)
 * </pre>
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCodes() {}

    /** A refusal or failure with the message to print; the commands throw it, {@link #handler} prints it. */
    static final class Failure extends RuntimeException {
        final int code;

        Failure(String message) {
            this(FAILURE, message);
        }

        Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** Maps what a command threw to a message on stderr and an exit status — never a stack trace. */
    static CommandLine.IExecutionExceptionHandler handler() {
        return (ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            int code;
            String msg;
            if (ex instanceof Failure f) {
                code = f.code;
                msg = f.getMessage();
            } else if (ex instanceof IllegalArgumentException) {
                code = FAILURE;
                msg = ex.getMessage();
            } else if (ex instanceof java.nio.file.NoSuchFileException n) {
                code = FAILURE;
                msg = "Unable to open " + n.getFile() + ": no such file or directory";
            } else if (ex instanceof java.nio.file.AccessDeniedException a) {
                code = FAILURE;
                msg = "Unable to open " + a.getFile() + ": permission denied";
            } else if (ex instanceof java.nio.file.FileAlreadyExistsException a) {
                code = FAILURE;
                msg = a.getFile() + " already exists, use --force to replace it";
            } else if (ex instanceof IOException || ex instanceof java.security.GeneralSecurityException) {
                code = FAILURE;
                msg = "Error: " + ex.getMessage();
            } else {
                throw ex; // a bug: let picocli show the stack trace
            }
            if (msg != null && !msg.isEmpty()) {
                err.println(msg);
            }
            err.flush();
            return code;
        };
    }
}
