package org.jgtlssh.gensio.serialdev;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.Options;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * A parsed {@code serialdev[(options)],<device>[,<param>...]}: the device path, the line settings and
 * the modem-line actions, with gensio's parameter spellings (spec: stack-strings.md, serialdev).
 *
 * @param device the device path exactly as written
 * @param settings speed, parity, data and stop bits, flow control, {@code local}, {@code hangup-when-done}
 * @param dtr null (leave), true or false, from {@code dtr=on|off}
 * @param rts null (leave), true or false, from {@code rts=on|off}
 * @param nobreak clear the break condition at open
 * @param readbuf the size of the receive buffer between the port and the reader
 * @param uucpLock take a UUCP lock in /var/lock (off with {@code nouucplock})
 */
public record SerialdevConfig(String device, SerialSettings settings, Boolean dtr, Boolean rts, boolean nobreak,
        int readbuf, boolean uucpLock) {

    public static final java.util.Set<String> KEYS = java.util.Set.of("readbuf", "nouucplock", "drain_time",
            "char_drain_wait");
    static final int DEFAULT_READBUF = 1024;

    public static SerialdevConfig parse(LayerSpec spec) throws StackSyntaxException {
        String name = spec.name();
        Options o = spec.options();
        o.checkKnown(name, KEYS);
        String addr = spec.address();
        if (addr == null || addr.isBlank()) {
            throw new StackSyntaxException(name + ": needs a device, as in serialdev,/dev/ttyUSB0,115200n81", -1);
        }
        int comma = addr.indexOf(',');
        String device = (comma < 0 ? addr : addr.substring(0, comma)).trim();
        if (device.isEmpty()) {
            throw new StackSyntaxException(name + ": empty device name", -1);
        }
        String where = name + "," + device;
        int readbuf = o.integer(where, "readbuf", DEFAULT_READBUF, 1, 1 << 20);
        boolean lock = !o.bool(where, "nouucplock", false);
        o.string("drain_time", null); // accepted for gensio compatibility; our close drains by blocking writes
        int baud = 9600;
        char parity = 'N';
        int data = 8;
        int stop = 1;
        boolean xonxoff = false;
        boolean rtscts = false;
        boolean local = false;
        boolean hangup = false;
        Boolean dtr = null;
        Boolean rts = null;
        boolean nobreak = false;
        List<String> params = new ArrayList<>();
        if (comma >= 0) {
            for (String p : addr.substring(comma + 1).split("[,\\s]+")) {
                if (!p.isEmpty()) {
                    params.add(p);
                }
            }
        }
        for (String p : params) {
            String key = p;
            String val = null;
            int eq = p.indexOf('=');
            if (eq >= 0) {
                key = p.substring(0, eq);
                val = p.substring(eq + 1);
            }
            String k = key.toLowerCase(Locale.ROOT);
            if (k.equals("speed") && val != null) {
                int[] s = speed(where, val);
                baud = s[0];
                parity = s[1] == 0 ? parity : (char) s[1];
                data = s[2] == 0 ? data : s[2];
                stop = s[3] == 0 ? stop : s[3];
                continue;
            }
            if (val == null && !k.isEmpty() && Character.isDigit(k.charAt(0)) && !k.matches("[1-8](databits|stopbits?)")) {
                int[] s = speed(where, k);
                baud = s[0];
                parity = s[1] == 0 ? parity : (char) s[1];
                data = s[2] == 0 ? data : s[2];
                stop = s[3] == 0 ? stop : s[3];
                continue;
            }
            switch (k) {
                case "xonxoff" -> xonxoff = bool(where, k, val);
                case "-xonxoff" -> xonxoff = false;
                case "rtscts" -> rtscts = bool(where, k, val);
                case "-rtscts" -> rtscts = false;
                case "local", "clocal" -> local = bool(where, k, val);
                case "-local", "-clocal" -> local = false;
                case "hangup-when-done", "hangup_when_done" -> hangup = bool(where, k, val);
                case "-hangup-when-done", "-hangup_when_done" -> hangup = false;
                case "dtr" -> dtr = bool(where, k, val);
                case "rts" -> rts = bool(where, k, val);
                case "nobreak" -> nobreak = bool(where, k, val);
                case "-nobreak" -> nobreak = false;
                case "1stopbit" -> stop = 1;
                case "2stopbits" -> stop = 2;
                case "5databits" -> data = 5;
                case "6databits" -> data = 6;
                case "7databits" -> data = 7;
                case "8databits" -> data = 8;
                case "none" -> parity = 'N';
                case "even" -> parity = 'E';
                case "odd" -> parity = 'O';
                case "mark" -> parity = 'M';
                case "space" -> parity = 'S';
                case "wronly" -> throw new StackSyntaxException(where + ": wronly is not supported", -1);
                case "rs485" -> throw new StackSyntaxException(where + ": rs485 is not supported", -1);
                default -> throw new StackSyntaxException(where + ": unknown serial parameter '" + p + "'", -1);
            }
        }
        SerialSettings settings;
        try {
            settings = new SerialSettings(baud, parity, data, stop, xonxoff, rtscts, local, hangup);
        } catch (IllegalArgumentException e) {
            throw new StackSyntaxException(where + ": " + e.getMessage(), -1);
        }
        return new SerialdevConfig(device, settings, dtr, rts, nobreak, readbuf, lock);
    }

    /** {@code <baud>[<parity>[<databits>[<stopbits>]]]} into {baud, parity or 0, data or 0, stop or 0}. */
    private static int[] speed(String where, String s) throws StackSyntaxException {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 9) {
            throw new StackSyntaxException(where + ": bad speed '" + s + "'", -1);
        }
        int[] r = {Integer.parseInt(s.substring(0, i)), 0, 0, 0};
        String rest = s.substring(i);
        if (rest.length() > 3) {
            throw new StackSyntaxException(where + ": bad speed '" + s + "' (use e.g. 115200n81)", -1);
        }
        if (!rest.isEmpty()) {
            char p = Character.toUpperCase(rest.charAt(0));
            if ("NEOMS".indexOf(p) < 0) {
                throw new StackSyntaxException(where + ": bad parity in '" + s + "' (one of N E O M S)", -1);
            }
            r[1] = p;
        }
        if (rest.length() > 1) {
            r[2] = rest.charAt(1) - '0';
            if (r[2] < 5 || r[2] > 8) {
                throw new StackSyntaxException(where + ": bad data bits in '" + s + "' (5 to 8)", -1);
            }
        }
        if (rest.length() > 2) {
            r[3] = rest.charAt(2) - '0';
            if (r[3] < 1 || r[3] > 2) {
                throw new StackSyntaxException(where + ": bad stop bits in '" + s + "' (1 or 2)", -1);
            }
        }
        return r;
    }

    private static boolean bool(String where, String key, String v) throws StackSyntaxException {
        if (v == null) {
            return true;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new StackSyntaxException(where + ": " + key + " must be on or off, not '" + v + "'", -1);
        };
    }
}
