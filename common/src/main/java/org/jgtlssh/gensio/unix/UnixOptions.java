package org.jgtlssh.gensio.unix;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.Options;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * The unix layer's options, parsed once. The path is everything after the first comma (commas are
 * allowed in it). {@code umode/gmode/omode} take a digit 0-7 or letters from {@code rwx};
 * {@code perm} is an octal mode; {@code permissions} is null when none of them was given, so the
 * socket keeps the permissions the umask gives it.
 */
public record UnixOptions(
        String path, int readbuf, boolean delsock, Set<PosixFilePermission> permissions, String owner, String group) {

    static final Set<String> KEYS =
            Set.of("readbuf", "delsock", "umode", "gmode", "omode", "perm", "owner", "group");

    static UnixOptions parse(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        String w = spec.where();
        Options o = spec.options();
        String path = spec.address();
        if (path == null || path.isEmpty()) {
            throw new StackSyntaxException(w + ": needs a socket path", -1);
        }
        if (path.indexOf('\0') >= 0) {
            throw new StackSyntaxException(w + ": NUL in the socket path", -1);
        }
        // sun_path holds 108 bytes including the terminating NUL
        if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            throw new StackSyntaxException(w + ": socket path longer than 107 bytes", -1);
        }
        int readbuf = o.integer(w, "readbuf", 1024, 1, 16 * 1024 * 1024);
        boolean delsock = o.bool(w, "delsock", false);
        Set<PosixFilePermission> perms = null;
        if (o.has("perm") || o.has("umode") || o.has("gmode") || o.has("omode")) {
            if (!accepter) {
                throw new StackSyntaxException(w + ": socket permissions only apply to an accepter", -1);
            }
            int mode = 0666;
            if (o.has("perm")) {
                String p = o.string("perm", null);
                if (p == null || !p.matches("[0-7]{1,4}")) {
                    throw new StackSyntaxException(w + ": perm must be an octal mode such as 0660, not '" + p + "'", -1);
                }
                mode = Integer.parseInt(p, 8) & 0777;
            }
            mode = applyClass(w, o, "umode", mode, 6);
            mode = applyClass(w, o, "gmode", mode, 3);
            mode = applyClass(w, o, "omode", mode, 0);
            perms = toPermissions(mode);
        }
        String owner = o.string("owner", null);
        String group = o.string("group", null);
        if ((owner != null || group != null) && !accepter) {
            throw new StackSyntaxException(w + ": owner and group only apply to an accepter", -1);
        }
        if (delsock && !accepter) {
            throw new StackSyntaxException(w + ": delsock only applies to an accepter", -1);
        }
        return new UnixOptions(path, readbuf, delsock, perms, owner, group);
    }

    private static int applyClass(String w, Options o, String key, int mode, int shift) throws StackSyntaxException {
        if (!o.has(key)) {
            return mode;
        }
        String v = o.string(key, null);
        int bits = parseClassMode(w, key, v);
        return (mode & ~(7 << shift)) | (bits << shift);
    }

    /** One permission class: a digit 0-7, or any of the letters r, w, x (each at most once). */
    static int parseClassMode(String w, String key, String v) throws StackSyntaxException {
        if (v == null || v.isEmpty()) {
            throw new StackSyntaxException(w + ": " + key + " needs a mode (0-7 or rwx letters)", -1);
        }
        if (v.length() == 1 && v.charAt(0) >= '0' && v.charAt(0) <= '7') {
            return v.charAt(0) - '0';
        }
        int bits = 0;
        for (char c : v.toCharArray()) {
            int b = switch (c) {
                case 'r' -> 4;
                case 'w' -> 2;
                case 'x' -> 1;
                default -> throw new StackSyntaxException(
                        w + ": " + key + " must be 0-7 or letters from rwx, not '" + v + "'", -1);
            };
            if ((bits & b) != 0) {
                throw new StackSyntaxException(w + ": " + key + " repeats '" + c + "'", -1);
            }
            bits |= b;
        }
        return bits;
    }

    static Set<PosixFilePermission> toPermissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE
        };
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }
}
