package org.jgtlssh.keygen;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.jgtlssh.keys.SafeNames;

/** A certificate subject printed in the certificate's own order, as OpenSSL does: {@code CN=root, O=gensio, OU=client}. */
final class Subjects {
    private Subjects() {}

    static String display(X509Certificate cert) {
        String rfc2253 = cert.getSubjectX500Principal().getName();
        try {
            List<String> parts = new ArrayList<>();
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) { // index 0 = the first RDN in the DER
                parts.add(rdn.toString());
            }
            return SafeNames.printable(String.join(", ", parts));
        } catch (InvalidNameException e) {
            return SafeNames.printable(rfc2253);
        }
    }
}
