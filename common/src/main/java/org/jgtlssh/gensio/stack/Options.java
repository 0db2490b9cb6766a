package org.jgtlssh.gensio.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of one layer, in the order written, with gensio's value syntax: booleans
 * ({@code true|false|yes|no|on|off|1|0}, a bare key is true), numbers in C {@code strtoul(.., 0)} form
 * (decimal, {@code 0x..}, leading-zero octal) and times ({@code 1M30s}; unit letters D H M s m u n).
 * Layers turn these into their own options record once, at validation.
 */
public final class Options {
    public static final Options EMPTY = new Options(List.of());

    private final List<Option> list;

    public Options(List<Option> list) {
        this.list = List.copyOf(list);
    }

    public List<Option> asList() {
        return list;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public boolean has(String key) {
        return find(key).isPresent();
    }

    /** The last value given for {@code key} (a bare key gives an empty Optional value of "" ... see {@link #raw}). */
    public Optional<Option> find(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        Option found = null;
        for (Option o : list) {
            if (o.key().equals(k)) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }

    /** All values given for a repeatable key, in order. */
    public List<String> all(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (Option o : list) {
            if (o.key().equals(k)) {
                out.add(o.value());
            }
        }
        return out;
    }

    /** The raw value, or {@code def} when absent. A bare key has a null value and yields {@code def}. */
    public String string(String key, String def) {
        return find(key).map(Option::value).orElse(def);
    }

    /** Rejects any key not in {@code known}: a typo must not be silently ignored. */
    public void checkKnown(String where, Set<String> known) throws StackSyntaxException {
        for (Option o : list) {
            if (!known.contains(o.key())) {
                throw new StackSyntaxException(where + ": unknown option '" + o.key() + "' (known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")) + ")", -1);
            }
        }
    }

    public boolean bool(String where, String key, boolean def) throws StackSyntaxException {
        Optional<Option> o = find(key);
        if (o.isEmpty()) {
            return def;
        }
        String v = o.get().value();
        if (v == null) {
            return true;
        }
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new StackSyntaxException(
                    where + ": option " + key + " must be true/false/yes/no/on/off/1/0, not '" + v + "'", -1);
        };
    }

    public long number(String where, String key, long def, long min, long max) throws StackSyntaxException {
        Optional<Option> o = find(key);
        if (o.isEmpty()) {
            return def;
        }
        String v = o.get().value();
        if (v == null) {
            throw new StackSyntaxException(where + ": option " + key + " needs a number", -1);
        }
        long n = parseNumber(where, key, v);
        if (n < min || n > max) {
            throw new StackSyntaxException(
                    where + ": option " + key + "=" + v + " is out of range " + min + ".." + max, -1);
        }
        return n;
    }

    public int integer(String where, String key, int def, int min, int max) throws StackSyntaxException {
        return (int) number(where, key, def, min, max);
    }

    /** C {@code strtoul(s, &end, 0)} with no trailing garbage. */
    public static long parseNumber(String where, String key, String v) throws StackSyntaxException {
        try {
            String t = v.trim();
            if (t.startsWith("+")) {
                t = t.substring(1);
            }
            if (t.isEmpty()) {
                throw new NumberFormatException();
            }
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (t.length() > 1 && t.startsWith("0")) {
                return Long.parseLong(t.substring(1), 8);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new StackSyntaxException(where + ": option " + key + " is not a number: '" + v + "'", -1);
        }
    }

    /**
     * A gensio time: digits followed by a unit ({@code D H M s m u n}), concatenable; a bare number uses
     * {@code defaultUnit} (one of those letters).
     */
    public Duration time(String where, String key, Duration def, char defaultUnit) throws StackSyntaxException {
        Optional<Option> o = find(key);
        if (o.isEmpty()) {
            return def;
        }
        String v = o.get().value();
        if (v == null) {
            throw new StackSyntaxException(where + ": option " + key + " needs a time", -1);
        }
        return parseTime(where, key, v, defaultUnit);
    }

    public static Duration parseTime(String where, String key, String v, char defaultUnit)
            throws StackSyntaxException {
        Duration total = Duration.ZERO;
        int i = 0;
        if (v.isEmpty()) {
            throw new StackSyntaxException(where + ": option " + key + " is not a time: ''", -1);
        }
        while (i < v.length()) {
            int start = i;
            while (i < v.length() && Character.isDigit(v.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 12) {
                throw new StackSyntaxException(where + ": option " + key + " is not a time: '" + v + "'", -1);
            }
            long n = Long.parseLong(v.substring(start, i));
            char unit = i < v.length() ? v.charAt(i++) : defaultUnit;
            Duration d = switch (unit) {
                case 'D' -> Duration.ofDays(n);
                case 'H' -> Duration.ofHours(n);
                case 'M' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMillis(n);
                case 'u' -> Duration.ofNanos(n * 1000);
                case 'n' -> Duration.ofNanos(n);
                default -> throw new StackSyntaxException(
                        where + ": option " + key + " has an unknown time unit '" + unit + "'", -1);
            };
            total = total.plus(d);
        }
        return total;
    }

    @Override
    public String toString() {
        return list.stream().map(Option::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Options other && other.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }
}
