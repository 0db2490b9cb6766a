package org.jgtlssh.gtlssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgtlssh.gensio.ProtocolException;

/**
 * Encodes and decodes session requests (the mux main-channel service, or the certauth service of a
 * {@code --nomux} client), with our extension trailer.
 *
 * <pre>
 *   request  = "login:"   *( item NUL ) NUL  [ trailer ]      items are NAME=value environment entries
 *            | "program:" 1*( item NUL ) NUL [ trailer ]      items are argv; an arg of one 0xFF byte is ""
 *            | ( "tcp," | "sctp," ) host "," port [ "," ignored ]
 *            | "unix," path
 *   trailer  = "jgtlssh-ext/1" NUL *( token NUL ) NUL
 *   token    = "exit" | "eof" | "stderr" | "env" | "keepalive" | "env:" NAME "=" value | unknown
 *
 *   e.g. 6c 6f 67 69 6e 3a 54 45 52 4d 3d 78 00 00       login:TERM=x\0\0
 *        ... 6a 67 74 6c 73 73 68 2d 65 78 74 2f 31 00   jgtlssh-ext/1\0
 *        65 78 69 74 00 65 6f 66 00 00                   exit\0eof\0\0
 * </pre>
 *
 * <p>gensio's server reads items up to the first empty one and ignores the rest, which is why the
 * trailer is invisible to it. As in gensio, each item must be NUL-terminated and followed by at least one
 * more byte; {@code login:} with nothing after it is an empty list. A leading 0xFF byte of a program
 * argument (upstream gtlssh's marker for empty arguments) is removed.
 */
public final class SessionRequestCodec {
    /** The largest request accepted: the mux service length field is 16 bits. */
    public static final int MAX_REQUEST = 65535;
    /** The most items (arguments or environment entries) in one request. */
    public static final int MAX_ITEMS = 4096;
    /** The most tokens in an extension trailer. */
    public static final int MAX_TRAILER_TOKENS = 128;

    static final String LOGIN = "login:";
    static final String PROGRAM = "program:";
    static final String TRAILER_MARK = "jgtlssh-ext/1";
    private static final String WHERE = "gtlssh";
    private static final byte EMPTY_ARG_MARK = (byte) 0xFF;

    private SessionRequestCodec() {}

    /** A decoded request and the client's extension offer (null when the client offered none). */
    public record Decoded(SessionRequest request, ExtensionOffer offer) {}

    public static byte[] encode(SessionRequest request) {
        return encode(request, null);
    }

    /** Encodes {@code request}; with a non-null {@code offer} the extension trailer follows the list. */
    public static byte[] encode(SessionRequest request, ExtensionOffer offer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (request) {
            case SessionRequest.Login l -> {
                out.writeBytes(ascii(LOGIN));
                for (String e : l.environment()) {
                    if (e.isEmpty()) {
                        throw new IllegalArgumentException("empty environment item");
                    }
                    item(out, e);
                }
                out.write(0);
            }
            case SessionRequest.Program p -> {
                out.writeBytes(ascii(PROGRAM));
                for (String a : p.argv()) {
                    if (a.isEmpty()) {
                        out.write(EMPTY_ARG_MARK);
                        out.write(0);
                    } else {
                        item(out, a);
                    }
                }
                out.write(0);
            }
            case SessionRequest.Forward f -> {
                if (offer != null) {
                    throw new IllegalArgumentException("forwarding channels carry no extension offer");
                }
                return f.target().toGensioString().getBytes(StandardCharsets.UTF_8);
            }
        }
        if (offer != null) {
            item(out, TRAILER_MARK);
            for (Feature f : Feature.values()) { // a stable order on the wire
                if (offer.has(f)) {
                    item(out, f.token());
                }
            }
            for (Map.Entry<String, String> e : offer.environment().entrySet()) {
                item(out, "env:" + e.getKey() + "=" + e.getValue());
            }
            out.write(0);
        }
        if (out.size() > MAX_REQUEST) {
            throw new IllegalArgumentException("session request too long: " + out.size() + " bytes");
        }
        return out.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("a request item cannot contain a NUL byte");
            }
        }
        out.writeBytes(b);
        out.write(0);
    }

    /**
     * Decodes a service string. Throws {@link ProtocolException} with gensio's texts: {@code Could not get
     * vals from service} for a malformed list, {@code Unknown service} for an unknown prefix.
     */
    public static Decoded decode(byte[] service) throws ProtocolException {
        if (service.length > MAX_REQUEST) {
            throw new ProtocolException(WHERE, "service too long");
        }
        if (startsWith(service, LOGIN)) {
            Cursor c = new Cursor(service, LOGIN.length());
            List<String> env = strings(c.items(false));
            return new Decoded(new SessionRequest.Login(env), c.trailer());
        }
        if (startsWith(service, PROGRAM)) {
            Cursor c = new Cursor(service, PROGRAM.length());
            List<String> argv = strings(c.items(true));
            if (argv.isEmpty()) {
                throw new ProtocolException(WHERE, "Could not get vals from service");
            }
            return new Decoded(new SessionRequest.Program(argv), c.trailer());
        }
        if (startsWith(service, "tcp,") || startsWith(service, "sctp,") || startsWith(service, "unix,")) {
            int end = 0;
            while (end < service.length && service[end] != 0) {
                end++;
            }
            String s = new String(service, 0, end, StandardCharsets.UTF_8);
            try {
                return new Decoded(new SessionRequest.Forward(ForwardTarget.parseConnect(s)), null);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(WHERE, e.getMessage());
            }
        }
        throw new ProtocolException(WHERE, "Unknown service");
    }

    private static List<String> strings(List<byte[]> items) {
        List<String> r = new ArrayList<>(items.size());
        for (byte[] b : items) {
            r.add(new String(b, StandardCharsets.UTF_8));
        }
        return r;
    }

    private static boolean startsWith(byte[] b, String prefix) {
        if (b.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Walks the NUL-terminated items of a request, bounded by the buffer and {@link #MAX_ITEMS}. */
    private static final class Cursor {
        private final byte[] b;
        private int pos;

        Cursor(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        /** gensio's rules: items end at NUL and must be followed by one more byte; an empty item ends. */
        List<byte[]> items(boolean stripEmptyMark) throws ProtocolException {
            List<byte[]> items = new ArrayList<>();
            if (pos == b.length) {
                return items;
            }
            while (b[pos] != 0) {
                int start = pos;
                while (pos < b.length && b[pos] != 0) {
                    pos++;
                }
                if (pos >= b.length || pos + 1 >= b.length) {
                    throw new ProtocolException(WHERE, "Could not get vals from service");
                }
                if (items.size() == MAX_ITEMS) {
                    throw new ProtocolException(WHERE, "too many items in service");
                }
                int from = start;
                if (stripEmptyMark && b[from] == EMPTY_ARG_MARK) {
                    from++;
                }
                items.add(java.util.Arrays.copyOfRange(b, from, pos));
                pos++;
            }
            pos++; // the terminating empty item
            return items;
        }

        /** The extension trailer after the list, if the remaining bytes hold one; anything else is ignored. */
        ExtensionOffer trailer() {
            int mark = TRAILER_MARK.length();
            if (b.length - pos < mark + 1 || !region(pos, TRAILER_MARK) || b[pos + mark] != 0) {
                return null;
            }
            pos += mark + 1;
            Set<Feature> features = EnumSet.noneOf(Feature.class);
            Map<String, String> env = new LinkedHashMap<>();
            int tokens = 0;
            while (pos < b.length && b[pos] != 0 && tokens++ < MAX_TRAILER_TOKENS) {
                int start = pos;
                while (pos < b.length && b[pos] != 0) {
                    pos++;
                }
                if (pos >= b.length) {
                    break; // an unterminated token is dropped, as is everything after it
                }
                String t = new String(b, start, pos - start, StandardCharsets.UTF_8);
                pos++;
                if (t.startsWith("env:")) {
                    int eq = t.indexOf('=', 4);
                    if (eq > 4) {
                        env.putIfAbsent(t.substring(4, eq), t.substring(eq + 1));
                    }
                } else {
                    Feature.ofToken(t).ifPresent(features::add);
                }
            }
            return new ExtensionOffer(features, env);
        }

        private boolean region(int at, String s) {
            for (int i = 0; i < s.length(); i++) {
                if (b[at + i] != (byte) s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
