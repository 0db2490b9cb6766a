package org.jgtlssh.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The client configuration file {@code ~/.gtlssh/config} and {@code -o key=value} settings, in the
 * spirit of ssh_config:
 *
 * <pre>
 *   # global settings first (they apply to every host)
 *   escchar ^]
 *
 *   Host lab *.lab.example       # one or more patterns, * and ? wildcards, !pattern negates
 *       port 8852
 *       user bob
 *       keyfile ~/.gtlssh/keycerts/lab.key
 *
 *   Host console
 *       hostname console1
 *       transport relpkt,msgdelim,serialdev,/dev/ttyUSB0,115200n81
 * </pre>
 *
 * Keywords are case-insensitive; {@code keyword value} and {@code keyword=value} both work. As in ssh,
 * the first value found for a keyword wins, so {@code -o} settings (read first) beat the file, and
 * specific {@code Host} blocks should come before general ones. Unknown keywords and bad values are
 * errors with the line number, never silently ignored.
 *
 * <p>The file must not be writable by group or others (it names keys and transports, so whoever can
 * write it can redirect a login), and it is read with a size limit.
 */
public final class ClientConfig {
    /** A config larger than this is refused: it is a hand-written file. */
    public static final int MAX_SIZE = 256 * 1024;

    /** The keywords, with what each takes. */
    public enum Key {
        HOSTNAME, PORT, USER, KEYFILE, CERTFILE, CADIR, TRANSPORT, ESCCHAR, NOMUX, NOINTERACTIVE;

        static Key of(String word, String where) {
            String w = word.toLowerCase(Locale.ROOT);
            return switch (w) {
                case "hostname" -> HOSTNAME;
                case "port" -> PORT;
                case "user" -> USER;
                case "keyfile", "key", "keyname", "identityfile" -> KEYFILE;
                case "certfile", "certname" -> CERTFILE;
                case "cadir", "caname" -> CADIR;
                case "transport" -> TRANSPORT;
                case "escchar", "escapechar" -> ESCCHAR;
                case "nomux" -> NOMUX;
                case "nointeractive" -> NOINTERACTIVE;
                default -> throw new IllegalArgumentException(where + "unknown setting '"
                        + TerminalSafe.oneLine(word) + "'");
            };
        }
    }

    private record Block(List<String> patterns, Map<Key, String> settings) {}

    private final List<Block> blocks;

    private ClientConfig(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static ClientConfig empty() {
        return new ClientConfig(List.of());
    }

    /**
     * Reads the file; a missing file is an empty config.
     *
     * @throws IllegalArgumentException for a syntax error or unsafe permissions (the message names the
     *     file and line)
     */
    public static ClientConfig load(Path file) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new IllegalArgumentException(file + ": larger than " + MAX_SIZE + " bytes");
            }
            checkPermissions(file);
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        }
        return parse(file.toString(), new String(bytes, StandardCharsets.UTF_8));
    }

    private static void checkPermissions(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a regular file");
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IllegalArgumentException(file + " is writable by others, giving up (chmod go-w " + file + ")");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /** Parses config text; {@code name} is used in messages. */
    public static ClientConfig parse(String name, String text) {
        List<Block> blocks = new ArrayList<>();
        Block current = new Block(List.of("*"), new LinkedHashMap<>());
        blocks.add(current);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = name + ":" + (i + 1) + ": ";
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = splitKeyValue(line, where);
            if (kv[0].equalsIgnoreCase("host")) {
                List<String> patterns = List.of(kv[1].split("[ \t]+"));
                current = new Block(patterns, new LinkedHashMap<>());
                blocks.add(current);
                continue;
            }
            Key k = Key.of(kv[0], where);
            current.settings.putIfAbsent(k, validate(k, kv[1], where));
        }
        return new ClientConfig(List.copyOf(blocks));
    }

    /** Parses {@code -o key=value} options (first wins, and they win over the file). */
    public static Map<Key, String> parseOptions(List<String> options) {
        Map<Key, String> out = new LinkedHashMap<>();
        for (String o : options) {
            String[] kv = splitKeyValue(o.strip(), "-o " + TerminalSafe.oneLine(o) + ": ");
            if (kv[0].equalsIgnoreCase("host")) {
                throw new IllegalArgumentException("-o: 'Host' is only allowed in the config file");
            }
            Key k = Key.of(kv[0], "-o: ");
            out.putIfAbsent(k, validate(k, kv[1], "-o " + kv[0] + ": "));
        }
        return out;
    }

    private static String[] splitKeyValue(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t' && line.charAt(i) != '=') {
            i++;
        }
        String key = line.substring(0, i);
        String rest = line.substring(i).strip();
        if (rest.startsWith("=")) {
            rest = rest.substring(1).strip();
        }
        if (key.isEmpty() || rest.isEmpty()) {
            throw new IllegalArgumentException(where + "expected 'keyword value'");
        }
        if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
            rest = rest.substring(1, rest.length() - 1);
        }
        for (int c = 0; c < rest.length(); c++) {
            if (rest.charAt(c) < 0x20 && rest.charAt(c) != '\t') {
                throw new IllegalArgumentException(where + "control character in value");
            }
        }
        return new String[] {key, rest};
    }

    private static String validate(Key k, String v, String where) {
        try {
            switch (k) {
                case PORT -> parsePort(v);
                case ESCCHAR -> EscapeMachine.parse(v);
                case NOMUX, NOINTERACTIVE -> parseBoolean(v);
                case HOSTNAME, USER -> {
                    if (v.contains(" ") || v.contains("\t")) {
                        throw new IllegalArgumentException("spaces are not allowed");
                    }
                }
                default -> {}
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + k.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
        return v;
    }

    public static int parsePort(String v) {
        if (v.isEmpty() || v.length() > 5 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port '" + TerminalSafe.oneLine(v) + "'");
        }
        int p = Integer.parseInt(v);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port out of range: " + p);
        }
        return p;
    }

    public static boolean parseBoolean(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected yes or no, not '" + TerminalSafe.oneLine(v) + "'");
        };
    }

    /** The settings for {@code host} (as typed), first match per keyword, in file order. */
    public Map<Key, String> forHost(String host) {
        Map<Key, String> out = new LinkedHashMap<>();
        for (Block b : blocks) {
            if (matches(b.patterns, host)) {
                b.settings.forEach(out::putIfAbsent);
            }
        }
        return out;
    }

    static boolean matches(List<String> patterns, String host) {
        boolean any = false;
        for (String p : patterns) {
            if (p.startsWith("!")) {
                if (glob(p.substring(1), host)) {
                    return false;
                }
            } else if (glob(p, host)) {
                any = true;
            }
        }
        return any;
    }

    /** {@code *} and {@code ?} globbing, case-insensitive (host names are). Iterative, no backtracking blow-up. */
    static boolean glob(String pattern, String s) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String t = s.toLowerCase(Locale.ROOT);
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** {@code ~/x} and {@code ~} become paths under {@code home}; other paths are taken as they are. */
    public static Path expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2));
        }
        return Path.of(path);
    }
}
