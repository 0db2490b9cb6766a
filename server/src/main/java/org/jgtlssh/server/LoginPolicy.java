package org.jgtlssh.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may log in, decided in one place, with one audit line per attempt:
 *
 * <ol>
 *   <li>the name must be a valid login name of an existing account;
 *   <li>uid 0 only with {@code --permit-root};
 *   <li>a server not running as root serves only its own user;
 *   <li>a certificate must be in the user's {@code allowed_certs} (checked by the certauth layer's
 *       authenticator, passed in as {@code certificateCheck});
 *   <li>a password only with {@code --allow-password}, checked by PAM.
 * </ol>
 *
 * <p>Failures feed the per-source penalties. Nothing here logs a secret.
 */
public final class LoginPolicy {
    /** The server-wide settings this policy needs. */
    public record Settings(boolean permitRoot, boolean allowPassword, int serverUid) {}

    private final Settings settings;
    private final Function<String, Optional<UserAccount>> accounts;
    private final PasswordVerifier passwords;
    private final PasswordVerifier secondFactorAfterCertificate;
    private final FailurePenalties penalties;
    private final AuditLog audit;

    public LoginPolicy(Settings settings, Function<String, Optional<UserAccount>> accounts, PasswordVerifier passwords,
            FailurePenalties penalties, AuditLog audit) {
        this(settings, accounts, passwords, passwords, penalties, audit);
    }

    /**
     * @param secondFactorAfterCertificate checks the code of a {@code --do-2fa} certificate login (PAM service
     *     {@code --pam-cert-auth}); its first prompt gets the code
     */
    public LoginPolicy(Settings settings, Function<String, Optional<UserAccount>> accounts, PasswordVerifier passwords,
            PasswordVerifier secondFactorAfterCertificate, FailurePenalties penalties, AuditLog audit) {
        this.settings = settings;
        this.accounts = accounts;
        this.passwords = passwords;
        this.secondFactorAfterCertificate = secondFactorAfterCertificate;
        this.penalties = penalties;
        this.audit = audit;
    }

    /** The account {@code user} may log in as, or the reason it may not. */
    public sealed interface Admission {
        record Allowed(UserAccount account) implements Admission {}

        record Refused(String reason) implements Admission {}
    }

    public Admission admit(String user) {
        if (!UserAccount.isValidName(user)) {
            return new Admission.Refused("invalid user name");
        }
        Optional<UserAccount> a = accounts.apply(user);
        if (a.isEmpty()) {
            return new Admission.Refused("Invalid username provided by remote");
        }
        UserAccount acc = a.get();
        if (acc.isRoot() && !settings.permitRoot()) {
            return new Admission.Refused("Root login not permitted");
        }
        if (settings.serverUid() != 0 && acc.uid() != settings.serverUid()) {
            return new Admission.Refused("this server runs as uid " + settings.serverUid() + " and serves only that user");
        }
        return new Admission.Allowed(acc);
    }

    /**
     * A certificate login attempt: {@code certificateCheck} says whether the certificate is in the user's
     * allowed certificates (and what authorised it). Audited; a refusal is penalized only when no password
     * may follow (a password may still log the user in).
     */
    public Optional<String> checkCertificate(ConnectionInfo from, String user, X509Certificate cert,
            Function<UserAccount, Optional<String>> certificateCheck) {
        String fp = fingerprint(cert);
        Admission adm = admit(user);
        if (adm instanceof Admission.Refused r) {
            audit.attempt(user, from.source(), AuditLog.Method.CERTIFICATE, fp, false, r.reason());
            penalties.penalize(from.source(), FailurePenalties.Kind.AUTH_FAILURE);
            return Optional.empty();
        }
        Optional<String> ok = certificateCheck.apply(((Admission.Allowed) adm).account());
        audit.attempt(user, from.source(), AuditLog.Method.CERTIFICATE, fp, ok.isPresent(),
                ok.isPresent() ? null : "certificate not in allowed_certs"
                        + (settings.allowPassword() ? ", trying password" : ", passwords disabled"));
        if (ok.isEmpty() && !settings.allowPassword()) {
            penalties.penalize(from.source(), FailurePenalties.Kind.AUTH_FAILURE);
        }
        return ok;
    }

    /** A password login attempt (PAM). The caller wipes {@code password}. */
    public boolean checkPassword(ConnectionInfo from, String user, byte[] password, byte[] secondFactor) {
        if (!settings.allowPassword()) {
            audit.attempt(user, from.source(), AuditLog.Method.PASSWORD, null, false, "passwords disabled");
            return false;
        }
        return pam(passwords, from, user, password, secondFactor,
                secondFactor == null ? AuditLog.Method.PASSWORD : AuditLog.Method.PASSWORD_AND_SECOND_FACTOR, null,
                secondFactor == null ? "wrong password" : "wrong password or second factor");
    }

    /**
     * {@code --do-2fa} after a certificate login: the second factor alone goes through PAM (its first prompt),
     * so both the certificate and the code are required. The caller wipes {@code secondFactor}.
     */
    public boolean checkSecondFactorAfterCertificate(ConnectionInfo from, String user, String certificate,
            byte[] secondFactor) {
        return pam(secondFactorAfterCertificate, from, user, secondFactor, null,
                AuditLog.Method.CERTIFICATE_AND_SECOND_FACTOR, certificate, "wrong second factor");
    }

    /** A client that was asked for a second factor and sent none (or broke off before it was checked). */
    public void missingSecondFactor(ConnectionInfo from, String user, String certificateKey) {
        audit.attempt(user, from.source(), certificateKey != null ? AuditLog.Method.CERTIFICATE_AND_SECOND_FACTOR
                : AuditLog.Method.PASSWORD_AND_SECOND_FACTOR, certificateKey, false, "no second factor");
        penalties.penalize(from.source(), FailurePenalties.Kind.AUTH_FAILURE);
    }

    private boolean pam(PasswordVerifier verifier, ConnectionInfo from, String user, byte[] password, byte[] secondFactor,
            AuditLog.Method method, String key, String wrong) {
        Admission adm = admit(user);
        boolean ok = false;
        String reason;
        if (adm instanceof Admission.Refused r) {
            reason = r.reason();
        } else {
            PasswordVerifier.Result res = verifier.verify(user, password, secondFactor, from.remoteHost());
            ok = res == PasswordVerifier.Result.ACCEPTED;
            reason = ok ? null : res == PasswordVerifier.Result.ERROR ? "PAM error" : wrong;
        }
        audit.attempt(user, from.source(), method, key, ok, reason);
        if (!ok) {
            penalties.penalize(from.source(), FailurePenalties.Kind.AUTH_FAILURE);
        }
        return ok;
    }

    /** Logs a connection that ended before any credential was checked (deadline, garbage, refused early). */
    public void noCredentials(ConnectionInfo from, String user, String reason, boolean protocolError) {
        audit.attempt(user, from.source(), AuditLog.Method.NONE, null, false, reason);
        if (protocolError) {
            penalties.penalize(from.source(), FailurePenalties.Kind.PROTOCOL_ERROR);
        }
    }

    /** OpenSSH-style {@code SHA256:<base64>} of the certificate's DER encoding. */
    public static String fingerprint(X509Certificate cert) {
        if (cert == null) {
            return null;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "(unreadable certificate)";
        }
    }
}
