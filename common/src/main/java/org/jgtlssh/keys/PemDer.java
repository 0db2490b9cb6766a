package org.jgtlssh.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The few DER operations {@link Pem} needs to turn OpenSSL's traditional key formats into PKCS#8: read
 * a tag-length-value, write one, and encode/decode an OBJECT IDENTIFIER. Bounded by the input length;
 * every malformed input is an {@link IOException}.
 *
 * <pre>
 *   PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }
 *   ECPrivateKey   ::= SEQUENCE { version INTEGER(1), privateKey OCTET STRING,
 *                                 parameters [0] OBJECT IDENTIFIER OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
 * </pre>
 */
final class PemDer {
    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final String EC_OID = "1.2.840.10045.2.1";

    private PemDer() {}

    /** One parsed TLV: tag, where its value starts and ends in the buffer. */
    record Tlv(int tag, int start, int end) {
        int length() {
            return end - start;
        }
    }

    static Tlv read(byte[] b, int pos, int limit) throws IOException {
        if (pos + 2 > limit) {
            throw new IOException("truncated DER");
        }
        int tag = b[pos] & 0xff;
        int len = b[pos + 1] & 0xff;
        int p = pos + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || p + n > limit) {
                throw new IOException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (b[p++] & 0xff);
            }
        }
        if (len > limit - p) {
            throw new IOException("DER length beyond the data");
        }
        return new Tlv(tag, p, p + len);
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
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

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, long v) {
        int shift = 63 - Long.numberOfLeadingZeros(Math.max(v, 1));
        for (int s = (shift / 7) * 7; s > 0; s -= 7) {
            out.write((int) ((v >> s) & 0x7f) | 0x80);
        }
        out.write((int) (v & 0x7f));
    }

    static String oidString(byte[] b, Tlv t) throws IOException {
        if (t.tag() != OID || t.length() == 0 || t.length() > 64) {
            throw new IOException("expected an OBJECT IDENTIFIER");
        }
        StringBuilder sb = new StringBuilder();
        long v = 0;
        boolean first = true;
        for (int i = t.start(); i < t.end(); i++) {
            v = (v << 7) | (b[i] & 0x7f);
            if ((b[i] & 0x80) == 0) {
                if (first) {
                    long a = Math.min(v / 40, 2);
                    sb.append(a).append('.').append(v - a * 40);
                    first = false;
                } else {
                    sb.append('.').append(v);
                }
                v = 0;
            } else if (v > (1L << 48)) {
                throw new IOException("OBJECT IDENTIFIER arc too large");
            }
        }
        return sb.toString();
    }

    static byte[] algorithmIdentifier(String oid, boolean nullParams) {
        return nullParams ? tlv(SEQUENCE, concat(oid(oid), new byte[] {NULL, 0})) : tlv(SEQUENCE, oid(oid));
    }

    static byte[] wrapPkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
        return tlv(SEQUENCE, concat(new byte[] {INTEGER, 1, 0}, algorithmIdentifier, tlv(OCTET_STRING, privateKey)));
    }

    /** The algorithm OID of a PKCS#8 PrivateKeyInfo. */
    static String pkcs8AlgorithmOid(byte[] der) throws IOException {
        Tlv outer = read(der, 0, der.length);
        expect(outer, SEQUENCE);
        Tlv version = read(der, outer.start(), outer.end());
        expect(version, INTEGER);
        Tlv alg = read(der, version.end(), outer.end());
        expect(alg, SEQUENCE);
        return oidString(der, read(der, alg.start(), alg.end()));
    }

    /**
     * SEC1 {@code EC PRIVATE KEY} to PKCS#8: the curve moves from the key's {@code [0]} field into the
     * AlgorithmIdentifier, and the inner key keeps its private value and public key.
     */
    static byte[] sec1ToPkcs8(byte[] der) throws IOException {
        Tlv outer = read(der, 0, der.length);
        expect(outer, SEQUENCE);
        Tlv version = read(der, outer.start(), outer.end());
        expect(version, INTEGER);
        Tlv priv = read(der, version.end(), outer.end());
        expect(priv, OCTET_STRING);
        String curve = null;
        byte[] publicKey = null;
        int p = priv.end();
        while (p < outer.end()) {
            Tlv t = read(der, p, outer.end());
            if (t.tag() == 0xa0) {
                curve = oidString(der, read(der, t.start(), t.end()));
            } else if (t.tag() == 0xa1) {
                publicKey = java.util.Arrays.copyOfRange(der, p, t.end());
            }
            p = t.end();
        }
        if (curve == null) {
            throw new IOException("EC PRIVATE KEY without a named curve");
        }
        byte[] inner = tlv(SEQUENCE, concat(java.util.Arrays.copyOfRange(der, outer.start(), priv.end()),
                publicKey == null ? new byte[0] : publicKey));
        return wrapPkcs8(tlv(SEQUENCE, concat(oid(EC_OID), oid(curve))), inner);
    }

    private static void expect(Tlv t, int tag) throws IOException {
        if (t.tag() != tag) {
            throw new IOException(String.format("malformed key: DER tag 0x%02x where 0x%02x was expected", t.tag(), tag));
        }
    }
}
