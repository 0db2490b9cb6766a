package org.jgtlssh.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which client-supplied environment entries reach a session. The launcher runs before privileges are
 * dropped, so a name like {@code LD_PRELOAD} or {@code GLIBC_TUNABLES} or a locale value with a path in
 * it would be an attack on root; hence an allow list of names and a strict alphabet for values.
 *
 * @param extraNames names allowed besides {@code TERM}, {@code LANG} and {@code LC_*} ({@code --accept-env})
 */
public record EnvironmentPolicy(Set<String> extraNames) {
    /** Names the server sets itself; a client never overrides them. */
    static final Set<String> RESERVED = Set.of("HOME", "USER", "LOGNAME", "PATH", "SHELL", "MAIL",
            "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY");
    static final int MAX_VALUE = 256;
    static final int MAX_ENTRIES = 64;

    public EnvironmentPolicy {
        extraNames = Set.copyOf(extraNames);
    }

    public static EnvironmentPolicy defaults() {
        return new EnvironmentPolicy(Set.of());
    }

    /** Whether {@code name} may come from a client. */
    public boolean allowsName(String name) {
        if (!validName(name) || RESERVED.contains(name) || name.startsWith("LD_")) {
            return false;
        }
        return name.equals("TERM") || name.equals("LANG") || name.startsWith("LC_") || name.equals("COLORTERM")
                || extraNames.contains(name);
    }

    /** Values: printable ASCII without quotes, backslashes or path separators for locale names. */
    public boolean allowsValue(String name, String value) {
        if (value.length() > MAX_VALUE) {
            return false;
        }
        boolean locale = name.equals("LANG") || name.startsWith("LC_");
        boolean term = name.equals("TERM");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean basic = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '@' || c == '+';
            if (locale || term) {
                if (!basic) {
                    return false;
                }
            } else if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps the allowed entries of a gensio login list ({@code NAME=value} items) and of an extension
     * offer; the rejected ones are returned in {@code rejected} (names only) for the log.
     */
    public Map<String, String> filter(List<String> items, Map<String, String> offered, List<String> rejected) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                rejected.add("(malformed)");
                continue;
            }
            put(out, item.substring(0, eq), item.substring(eq + 1), rejected);
        }
        for (Map.Entry<String, String> e : offered.entrySet()) {
            put(out, e.getKey(), e.getValue(), rejected);
        }
        return out;
    }

    private void put(Map<String, String> out, String name, String value, List<String> rejected) {
        if (out.size() < MAX_ENTRIES && allowsName(name) && allowsValue(name, value)) {
            out.putIfAbsent(name, value);
        } else {
            rejected.add(validName(name) ? name : "(invalid name)");
        }
    }

    private static boolean validName(String n) {
        if (n.isEmpty() || n.length() > 64) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
