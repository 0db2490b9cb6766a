package org.jgtlssh.gensio.certauth;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One certauth message: a type and its elements in wire order (spec/certauth.md section 2).
 *
 * <pre>
 *   +---------+-----------+-----+-----------+------+        element:  +-------+------------+-------------+
 *   | type u8 | element 1 | ... | element n | 0xC8 |                  | id u8 | length u16 | value       |
 *   +---------+-----------+-----+-----------+------+                  +-------+------------+-------------+
 *   types: 1 CLIENTHELLO 2 SERVERHELLO 3 CHALLENGE_RESPONSE 4 PASSWORD_REQUEST 5 PASSWORD 6 SERVERDONE
 *   ids:   100 VERSION 101 USERNAME 102 OPTIONS 103 CHALLENGE_DATA 104 CHALLENGE_RSP 105 CERTIFICATE
 *          106 RESULT 107 SERVICE 108 PASSWORD_DATA 109 DUMMY_DATA 110 PASSWORD_TYPE 111 2FA_DATA
 *          112 AUX_DATA; 200 = END (no length)             lengths big-endian, 1..2048 accepted
 * </pre>
 */
public record CertauthMessage(int type, List<Element> elements) {
    public static final int CLIENTHELLO = 1;
    public static final int SERVERHELLO = 2;
    public static final int CHALLENGE_RESPONSE = 3;
    public static final int PASSWORD_REQUEST = 4;
    public static final int PASSWORD = 5;
    public static final int SERVERDONE = 6;

    public static final int VERSION = 100;
    public static final int USERNAME = 101;
    public static final int OPTIONS = 102;
    public static final int CHALLENGE_DATA = 103;
    public static final int CHALLENGE_RSP = 104;
    public static final int CERTIFICATE = 105;
    public static final int RESULT = 106;
    public static final int SERVICE = 107;
    public static final int PASSWORD_DATA = 108;
    public static final int DUMMY_DATA = 109;
    public static final int PASSWORD_TYPE = 110;
    public static final int SECOND_FACTOR_DATA = 111;
    public static final int AUX_DATA = 112;
    public static final int END = 200;

    /** gensio's receive limit for one element, and so the largest element we send. */
    public static final int MAX_ELEMENT = 2048;

    public CertauthMessage {
        elements = List.copyOf(elements);
    }

    /** One TLV. The value is not copied: build and read messages, don't share their arrays. */
    public record Element(int id, byte[] value) {
        public static Element u16(int id, int v) {
            return new Element(id, new byte[] {(byte) (v >> 8), (byte) v});
        }

        /** The value as a u16 (VERSION, RESULT, PASSWORD_TYPE). */
        public int u16() {
            return ((value[0] & 0xff) << 8) | (value[1] & 0xff);
        }
    }

    /** The first element with {@code id}. */
    public Optional<Element> find(int id) {
        for (Element e : elements) {
            if (e.id() == id) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public Optional<byte[]> value(int id) {
        return find(id).map(Element::value);
    }

    public static String typeName(int type) {
        return switch (type) {
            case CLIENTHELLO -> "CLIENTHELLO";
            case SERVERHELLO -> "SERVERHELLO";
            case CHALLENGE_RESPONSE -> "CHALLENGE_RESPONSE";
            case PASSWORD_REQUEST -> "PASSWORD_REQUEST";
            case PASSWORD -> "PASSWORD";
            case SERVERDONE -> "SERVERDONE";
            default -> "type " + type;
        };
    }

    /** The wire bytes. Elements must be 1..2048 bytes long (gensio refuses anything else). */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(type);
        for (Element e : elements) {
            int len = e.value().length;
            if (len < 1 || len > MAX_ELEMENT) {
                throw new IllegalArgumentException("certauth element " + e.id() + " has length " + len
                        + "; it must be 1.." + MAX_ELEMENT);
            }
            out.write(e.id());
            out.write(len >> 8);
            out.write(len);
            out.writeBytes(e.value());
        }
        out.write(END);
        return out.toByteArray();
    }

    /** A builder that keeps wire order. */
    public static Builder builder(int type) {
        return new Builder(type);
    }

    public static final class Builder {
        private final int type;
        private final List<Element> elements = new ArrayList<>();

        private Builder(int type) {
            this.type = type;
        }

        public Builder add(int id, byte[] value) {
            elements.add(new Element(id, value));
            return this;
        }

        public Builder u16(int id, int v) {
            elements.add(Element.u16(id, v));
            return this;
        }

        public CertauthMessage build() {
            return new CertauthMessage(type, Collections.unmodifiableList(elements));
        }
    }
}
