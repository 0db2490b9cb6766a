package org.jgtlssh.keys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OpenSSL's subject hash ({@code X509_NAME_hash_ex}, {@code openssl x509 -subject_hash}), which names
 * the links {@code <hash>.<n>} in a hashed certificate directory ({@code server_certs/},
 * {@code allowed_certs/}). OpenSSL finds a self-signed certificate only through such a link, so the
 * value must match OpenSSL's bit for bit.
 *
 * <pre>
 *   canonical name = for each RDN, in order:  DER SET { AttributeTypeAndValue ... }  (no outer SEQUENCE)
 *       where each string value (UTF8, Printable, T61, IA5, Visible, BMP, Universal String) is
 *       converted to UTF-8, stripped of leading/trailing ASCII white space, inner white-space runs
 *       collapsed to one space, ASCII upper case folded to lower case, and re-tagged UTF8String;
 *       other value types are kept as they are; the AVAs of a multi-valued RDN are sorted (SET OF)
 *   hash = SHA-1(canonical name)[0..3] read as a little-endian unsigned 32-bit number, printed %08x
 * </pre>
 */
public final class SubjectHash {
    private SubjectHash() {}

    /** The subject hash of a certificate, 8 lower-case hex digits. */
    public static String of(X509Certificate cert) throws CertificateParsingException {
        return ofName(cert.getSubjectX500Principal().getEncoded());
    }

    /** The hash of a DER-encoded X.509 Name. */
    public static String ofName(byte[] derName) throws CertificateParsingException {
        byte[] canon = canonical(derName);
        byte[] sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1").digest(canon);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long h = (sha1[0] & 0xffL) | (sha1[1] & 0xffL) << 8 | (sha1[2] & 0xffL) << 16 | (sha1[3] & 0xffL) << 24;
        return String.format("%08x", h);
    }

    /** OpenSSL's canonical encoding of a Name (see the class comment). */
    static byte[] canonical(byte[] derName) throws CertificateParsingException {
        Der.Element name = new Der.Reader(derName).read();
        if (name.tag() != Der.SEQUENCE) {
            throw new CertificateParsingException("a Name is not a SEQUENCE");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Der.Element rdn : name.children()) {
            if (rdn.tag() != Der.SET) {
                throw new CertificateParsingException("an RDN is not a SET");
            }
            List<byte[]> avas = new ArrayList<>();
            for (Der.Element ava : rdn.children()) {
                List<Der.Element> tv = ava.children();
                if (ava.tag() != Der.SEQUENCE || tv.size() != 2 || tv.get(0).tag() != Der.OID) {
                    throw new CertificateParsingException("bad AttributeTypeAndValue");
                }
                avas.add(Der.sequence(tv.get(0).encoded(), canonicalValue(tv.get(1))));
            }
            avas.sort(Arrays::compareUnsigned); // DER SET OF order (matters only for multi-valued RDNs)
            out.writeBytes(Der.set(avas.toArray(byte[][]::new)));
        }
        return out.toByteArray();
    }

    private static byte[] canonicalValue(Der.Element v) {
        String text = switch (v.tag()) {
            case Der.UTF8_STRING -> new String(v.value(), StandardCharsets.UTF_8);
            // OpenSSL reads these one byte per character (Latin-1), T61String included.
            case Der.PRINTABLE_STRING, Der.T61_STRING, Der.IA5_STRING, Der.VISIBLE_STRING ->
                new String(v.value(), StandardCharsets.ISO_8859_1);
            case Der.BMP_STRING -> new String(v.value(), StandardCharsets.UTF_16BE);
            case Der.UNIVERSAL_STRING -> ucs4(v.value());
            default -> null;
        };
        if (text == null) {
            return v.encoded(); // not a string type: kept as it is
        }
        return Der.tlv(Der.UTF8_STRING, fold(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String ucs4(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 3 < b.length; i += 4) {
            int cp = (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
            sb.appendCodePoint(Character.isValidCodePoint(cp) ? cp : 0xfffd);
        }
        return sb.toString();
    }

    /** Trim, collapse and lower-case ASCII only; bytes with the top bit set are copied unchanged. */
    private static byte[] fold(byte[] in) {
        int from = 0;
        int to = in.length;
        while (from < to && space(in[from])) {
            from++;
        }
        while (to > from && space(in[to - 1])) {
            to--;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte c = in[i];
            if (space(c)) {
                out.write(' ');
                while (i + 1 < to && space(in[i + 1])) {
                    i++;
                }
            } else if (c >= 'A' && c <= 'Z') {
                out.write(c + ('a' - 'A'));
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** C isspace() in the "C" locale, which is what OpenSSL uses. */
    private static boolean space(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
