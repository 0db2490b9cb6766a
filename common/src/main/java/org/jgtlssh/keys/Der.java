package org.jgtlssh.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The little DER we need: an encoder for building certificates and a bounded reader for walking X.509
 * names. Written by hand so that making a key and a certificate loads no Bouncy Castle class (its
 * signed jar costs about 200 ms of start-up, see java-deps.md §5).
 *
 * <pre>
 *   TLV = tag(1) length(1 | 0x80+n, n big-endian bytes) value(length)
 * </pre>
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int PRINTABLE_STRING = 0x13;
    static final int T61_STRING = 0x14;
    static final int IA5_STRING = 0x16;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int VISIBLE_STRING = 0x1a;
    static final int UNIVERSAL_STRING = 0x1c;
    static final int BMP_STRING = 0x1e;
    static final int BOOLEAN = 0x01;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private Der() {}

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return tlv(SEQUENCE, concat(parts));
    }

    static byte[] set(byte[]... parts) {
        return tlv(SET, concat(parts));
    }

    static byte[] integer(BigInteger v) {
        return tlv(INTEGER, v.toByteArray());
    }

    static byte[] bool(boolean v) {
        return tlv(BOOLEAN, new byte[] {(byte) (v ? 0xff : 0)});
    }

    static byte[] nul() {
        return new byte[] {NULL, 0};
    }

    static byte[] octets(byte[] v) {
        return tlv(OCTET_STRING, v);
    }

    static byte[] bitString(byte[] v) {
        byte[] b = new byte[v.length + 1]; // leading byte: no unused bits
        System.arraycopy(v, 0, b, 1, v.length);
        return tlv(BIT_STRING, b);
    }

    static byte[] utf8(String s) {
        return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Context-specific constructed tag [n] around already encoded content. */
    static byte[] explicit(int n, byte[] content) {
        return tlv(0xa0 | n, content);
    }

    /** Context-specific primitive tag [n] (IMPLICIT OCTET STRING-like content). */
    static byte[] implicit(int n, byte[] value) {
        return tlv(0x80 | n, value);
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long v) {
        int groups = 1;
        for (long t = v >>> 7; t != 0; t >>>= 7) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) ((v >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? b : b | 0x80);
        }
    }

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GEN = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    /** RFC 5280 §4.1.2.5: UTCTime up to 2049, GeneralizedTime from 2050 on. */
    static byte[] time(ZonedDateTime t) {
        ZonedDateTime u = t.withZoneSameInstant(ZoneOffset.UTC);
        return u.getYear() < 2050
                ? tlv(UTC_TIME, UTC.format(u).getBytes(StandardCharsets.US_ASCII))
                : tlv(GENERALIZED_TIME, GEN.format(u).getBytes(StandardCharsets.US_ASCII));
    }

    /** One element read by {@link Reader}: its tag, the whole encoding and the value's bounds. */
    record Element(int tag, byte[] source, int start, int valueStart, int end) {
        byte[] value() {
            byte[] v = new byte[end - valueStart];
            System.arraycopy(source, valueStart, v, 0, v.length);
            return v;
        }

        byte[] encoded() {
            byte[] v = new byte[end - start];
            System.arraycopy(source, start, v, 0, v.length);
            return v;
        }

        /** The elements inside a constructed element. */
        List<Element> children() throws java.security.cert.CertificateParsingException {
            return new Reader(source, valueStart, end).readAll();
        }
    }

    /**
     * A bounded reader over a byte range: every length is checked against what is left, so a bad
     * encoding fails with an exception and never reads outside the range.
     */
    static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.end = to;
        }

        Reader(byte[] b) {
            this(b, 0, b.length);
        }

        boolean hasMore() {
            return pos < end;
        }

        Element read() throws java.security.cert.CertificateParsingException {
            int start = pos;
            if (end - pos < 2) {
                throw bad("truncated element");
            }
            int tag = b[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw bad("multi-byte tags are not supported");
            }
            int len = b[pos++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3 || end - pos < n) {
                    throw bad("bad length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[pos++] & 0xff);
                }
            }
            if (len > end - pos) {
                throw bad("length beyond the end");
            }
            int valueStart = pos;
            pos += len;
            return new Element(tag, b, start, valueStart, pos);
        }

        List<Element> readAll() throws java.security.cert.CertificateParsingException {
            List<Element> all = new ArrayList<>();
            while (hasMore()) {
                all.add(read());
            }
            return all;
        }

        private static java.security.cert.CertificateParsingException bad(String what) {
            return new java.security.cert.CertificateParsingException("bad DER: " + what);
        }
    }
}
