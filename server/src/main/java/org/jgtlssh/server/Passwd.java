package org.jgtlssh.server;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.util.Optional;

/**
 * Looks accounts up through the C library's {@code getpwnam_r}, so every NSS source (files, LDAP, sssd)
 * answers, as for any other login service. Never reads a password hash.
 */
public final class Passwd {
    private Passwd() {}

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int getpwnam_r(String name, PasswdStruct pwd, Pointer buf, NativeLong buflen, PointerByReference result);

        int geteuid();

        int getuid();
    }

    /** {@code struct passwd} on Linux. */
    @Structure.FieldOrder({"pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"})
    public static final class PasswdStruct extends Structure {
        public String pw_name;
        public Pointer pw_passwd; // never read
        public int pw_uid;
        public int pw_gid;
        public String pw_gecos;
        public String pw_dir;
        public String pw_shell;
    }

    /** The account named {@code name}, or empty if there is none (or the name is not a valid login name). */
    public static Optional<UserAccount> lookup(String name) {
        if (!UserAccount.isValidName(name)) {
            return Optional.empty();
        }
        long size = 16384;
        while (size <= 1 << 20) {
            PasswdStruct pw = new PasswdStruct();
            Memory buf = new Memory(size);
            PointerByReference result = new PointerByReference();
            int rc = LibC.INSTANCE.getpwnam_r(name, pw, buf, new NativeLong(size), result);
            if (rc == 34 /* ERANGE */) {
                size *= 4;
                continue;
            }
            if (rc != 0 || result.getValue() == null) {
                return Optional.empty();
            }
            pw.read();
            return Optional.of(new UserAccount(pw.pw_name, pw.pw_uid, pw.pw_gid, pw.pw_dir == null ? "/" : pw.pw_dir,
                    pw.pw_shell));
        }
        return Optional.empty();
    }

    /** The login name of the user running this process (the JDK reads it from the passwd entry of the uid). */
    public static String currentUserName() {
        return System.getProperty("user.name");
    }

    /** The effective uid of this process. */
    public static int effectiveUid() {
        return LibC.INSTANCE.geteuid();
    }
}
