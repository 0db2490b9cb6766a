package org.jgtlssh.server;

/**
 * One line per login attempt, whatever its outcome, in a fixed key=value form that log tools can parse:
 *
 * <pre>
 *   audit: login user=alice from=::ffff:127.0.0.1 method=certificate key=SHA256:3q2+7w... result=accepted
 *   audit: login user=root from=::1 method=none key=- result=refused reason="root login not permitted"
 * </pre>
 *
 * Never carries a secret: no password, not even its length.
 */
public final class AuditLog {
    private final ServerLog log;

    public AuditLog(ServerLog log) {
        this.log = log;
    }

    /** How the user tried to authenticate. */
    public enum Method {
        CERTIFICATE("certificate"),
        PASSWORD("password"),
        CERTIFICATE_AND_PASSWORD("certificate+password"),
        /** {@code --do-2fa}: the password and the second factor, checked together by one PAM conversation. */
        PASSWORD_AND_SECOND_FACTOR("password+2fa"),
        /** {@code --do-2fa} after a certificate: the second factor, checked by PAM. */
        CERTIFICATE_AND_SECOND_FACTOR("certificate+2fa"),
        NONE("none");

        final String text;

        Method(String text) {
            this.text = text;
        }
    }

    public void attempt(String user, String source, Method method, String keyFingerprint, boolean accepted, String reason) {
        StringBuilder b = new StringBuilder("audit: login user=").append(ServerLog.clean(user))
                .append(" from=").append(ServerLog.clean(source))
                .append(" method=").append(method.text)
                .append(" key=").append(keyFingerprint == null ? "-" : ServerLog.clean(keyFingerprint))
                .append(" result=").append(accepted ? "accepted" : "refused");
        if (reason != null) {
            b.append(" reason=\"").append(ServerLog.clean(reason).replace("\"", "'")).append('"');
        }
        log.info(b.toString());
    }
}
