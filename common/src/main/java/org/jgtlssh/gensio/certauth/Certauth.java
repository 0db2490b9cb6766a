package org.jgtlssh.gensio.certauth;

import org.jgtlssh.gensio.Control;

/**
 * The certauth layer's OpenContext attribute keys (policies and callbacks) and its controls. One-method
 * interfaces, so a program passes lambdas:
 * <pre>
 *   OpenContext ctx = OpenContext.DEFAULT
 *       .with(Certauth.AUTHENTICATOR, new AllowedCertsAuthenticator(homes))
 *       .with(Certauth.PASSWORD_CHECKER, pam::check);
 * </pre>
 */
public final class Certauth {
    private Certauth() {}

    /** Server: which certificates may log in as whom. Default: the {@code CA=} store, or nothing. */
    public static final Control<CertificateAuthenticator> AUTHENTICATOR =
            Control.of("certauth-authenticator", CertificateAuthenticator.class);
    /** Server: password check (with {@code enable-password}). */
    public static final Control<PasswordChecker> PASSWORD_CHECKER =
            Control.of("certauth-password-checker", PasswordChecker.class);
    /** Server: second factor check (with {@code enable-2fa}). */
    public static final Control<SecondFactorChecker> SECOND_FACTOR_CHECKER =
            Control.of("certauth-2fa-checker", SecondFactorChecker.class);
    /** Client: asked when the server wants a password and no {@code password=} was given. */
    public static final Control<PasswordPrompt> PASSWORD_PROMPT =
            Control.of("certauth-password-prompt", PasswordPrompt.class);
    /** Client: asked when the server wants a second factor and no {@code 2fa=} was given. */
    public static final Control<SecondFactorPrompt> SECOND_FACTOR_PROMPT =
            Control.of("certauth-2fa-prompt", SecondFactorPrompt.class);
    /**
     * Client attribute: the SERVICE bytes to send, binary-safe (gtlssh sends {@code mux\0}); overrides
     * {@code service=}. Server control: the SERVICE bytes the client sent.
     */
    public static final Control<byte[]> SERVICE_BYTES = Control.of("certauth-service", byte[].class);
    /** Client attribute: AUX_DATA to send (gtlssh's flags word). Server control: the AUX_DATA received. */
    public static final Control<byte[]> AUX_DATA = Control.of("certauth-aux-data", byte[].class);
    /** Server control: the outcome, "authenticated as ..." or "refused". */
    public static final Control<AuthResult> RESULT = Control.of("certauth-result", AuthResult.class);
}
