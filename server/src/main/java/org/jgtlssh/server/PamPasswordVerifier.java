package org.jgtlssh.server;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Checks passwords through libpam (JNA), with a conversation callback that answers the first hidden or
 * visible prompt with the password and the second with the second factor, as gtlsshd does. Runs
 * {@code pam_authenticate} then {@code pam_acct_mgmt} (expired or locked accounts are refused).
 *
 * <p>The password is copied into C memory that PAM owns and frees; our copy is the caller's to clear.
 * PAM's own failure delay is replaced by a no-op: the server applies its per-source penalties itself,
 * without holding a thread of another connection.
 */
public final class PamPasswordVerifier implements PasswordVerifier {
    private static final int PAM_SUCCESS = 0;
    private static final int PAM_CONV_ERR = 19;
    private static final int PAM_AUTH_ERR = 7;
    private static final int PAM_USER_UNKNOWN = 10;
    private static final int PAM_MAXTRIES = 11;
    private static final int PAM_NEW_AUTHTOK_REQD = 12;
    private static final int PAM_ACCT_EXPIRED = 13;
    private static final int PAM_PERM_DENIED = 6;
    private static final int PAM_CRED_INSUFFICIENT = 8;
    private static final int PAM_AUTHINFO_UNAVAIL = 9;
    private static final int PAM_RHOST = 4;
    private static final int PAM_FAIL_DELAY = 10;
    private static final int PAM_SILENT = 0x8000;
    private static final int PAM_DISALLOW_NULL_AUTHTOK = 0x1;
    private static final int PROMPT_ECHO_OFF = 1;
    private static final int PROMPT_ECHO_ON = 2;

    private final String service;
    private final Consumer<String> log;

    public PamPasswordVerifier(String service, Consumer<String> log) {
        this.service = service;
        this.log = log;
    }

    interface LibPam extends Library {
        int pam_start(String service, String user, PamConv conv, PointerByReference pamh);

        int pam_set_item(Pointer pamh, int type, Pointer item);

        int pam_set_item(Pointer pamh, int type, String item);

        int pam_set_item(Pointer pamh, int type, FailDelay item);

        int pam_authenticate(Pointer pamh, int flags);

        int pam_acct_mgmt(Pointer pamh, int flags);

        int pam_end(Pointer pamh, int status);

        String pam_strerror(Pointer pamh, int err);
    }

    interface LibC extends Library {
        Pointer calloc(long n, long size);

        Pointer malloc(long size);

        void free(Pointer p);
    }

    private static final class Libs {
        static final LibPam PAM = Native.load("libpam.so.0", LibPam.class);
        static final LibC C = Native.load("c", LibC.class);
    }

    /** {@code int (*conv)(int, const struct pam_message **, struct pam_response **, void *)}. */
    public interface ConvFunction extends Callback {
        int invoke(int numMsg, Pointer msgs, Pointer resp, Pointer appdata);
    }

    /** {@code void (*delay_fn)(int retval, unsigned usec_delay, void *appdata)}. */
    public interface FailDelay extends Callback {
        void invoke(int retval, int usec, Pointer appdata);
    }

    @Structure.FieldOrder({"conv", "appdata"})
    public static final class PamConv extends Structure {
        public ConvFunction conv;
        public Pointer appdata;
    }

    @Override
    public Result verify(String user, byte[] password, byte[] secondFactor, String remoteHost) {
        if (!UserAccount.isValidName(user)) {
            return Result.REJECTED;
        }
        LibPam pam;
        try {
            pam = Libs.PAM;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            log.accept("PAM is not available: " + e.getMessage());
            return Result.ERROR;
        }
        int[] prompts = {0};
        ConvFunction conv = (numMsg, msgs, resp, appdata) -> converse(numMsg, msgs, resp, prompts, password, secondFactor);
        FailDelay noDelay = (retval, usec, appdata) -> {};
        PamConv c = new PamConv();
        c.conv = conv;
        c.write();
        PointerByReference ref = new PointerByReference();
        int rc = pam.pam_start(service, user, c, ref);
        if (rc != PAM_SUCCESS) {
            log.accept("pam_start(" + service + ") failed: " + rc);
            return Result.ERROR;
        }
        Pointer h = ref.getValue();
        try {
            pam.pam_set_item(h, PAM_FAIL_DELAY, noDelay);
            if (remoteHost != null) {
                pam.pam_set_item(h, PAM_RHOST, remoteHost);
            }
            rc = pam.pam_authenticate(h, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
            if (rc == PAM_SUCCESS) {
                rc = pam.pam_acct_mgmt(h, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
            }
            if (rc != PAM_SUCCESS && prompts[0] > (secondFactor == null ? 1 : 2)) {
                // the stack asked for more than we have (a second factor without --do-2fa, or a third
                // prompt): the modules report that in their own ways (conversation, authinfo errors)
                return Result.REJECTED;
            }
            return switch (rc) {
                case PAM_SUCCESS -> Result.ACCEPTED;
                case PAM_AUTH_ERR, PAM_USER_UNKNOWN, PAM_MAXTRIES, PAM_NEW_AUTHTOK_REQD, PAM_ACCT_EXPIRED,
                        PAM_PERM_DENIED, PAM_CRED_INSUFFICIENT, PAM_CONV_ERR -> Result.REJECTED;
                default -> {
                    log.accept("PAM error for " + user + ": " + (rc == PAM_AUTHINFO_UNAVAIL ? "authinfo unavailable"
                            : pam.pam_strerror(h, rc)));
                    yield Result.ERROR;
                }
            };
        } finally {
            pam.pam_end(h, rc);
            // keep the callbacks reachable until PAM is done with them
            java.lang.ref.Reference.reachabilityFence(conv);
            java.lang.ref.Reference.reachabilityFence(noDelay);
            java.lang.ref.Reference.reachabilityFence(c);
        }
    }

    /** Answers prompts: first the password, then the second factor; info and error texts get no answer. */
    private static int converse(int numMsg, Pointer msgs, Pointer resp, int[] prompts, byte[] password, byte[] second) {
        if (numMsg <= 0 || numMsg > 32) {
            return PAM_CONV_ERR;
        }
        LibC c = Libs.C;
        // struct pam_response { char *resp; int resp_retcode; } : 16 bytes on LP64
        Pointer replies = c.calloc(numMsg, 16);
        if (replies == null) {
            return PAM_CONV_ERR;
        }
        for (int i = 0; i < numMsg; i++) {
            Pointer msg = msgs.getPointer((long) i * Native.POINTER_SIZE);
            int style = msg.getInt(0);
            if (style == PROMPT_ECHO_OFF || style == PROMPT_ECHO_ON) {
                byte[] answer = prompts[0] == 0 ? password : prompts[0] == 1 ? second : null;
                prompts[0]++;
                Pointer s = answer == null ? null : c.malloc(answer.length + 1L);
                if (s == null) {
                    // more prompts than we have answers for: on an error PAM takes nothing, so free it all
                    freeReplies(c, replies, i);
                    return PAM_CONV_ERR;
                }
                s.write(0, answer, 0, answer.length);
                s.setByte(answer.length, (byte) 0);
                replies.setPointer(i * 16L, s);
            }
        }
        resp.setPointer(0, replies);
        return PAM_SUCCESS;
    }

    private static void freeReplies(LibC c, Pointer replies, int n) {
        for (int j = 0; j < n; j++) {
            Pointer r = replies.getPointer(j * 16L);
            if (r != null) {
                long len = r.indexOf(0, (byte) 0); // we wrote it NUL-terminated
                r.clear(len); // wipe the answer before giving the memory back
                c.free(r);
            }
        }
        c.free(replies);
    }

    /** Clears a secret. */
    public static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
