package org.jgtlssh.keygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/**
 * {@code addallow -i} reads what {@code pushcert} sends over a login: it must stop at the END line
 * (the rest of stdin is not its business), normalise line ends, and stay bounded on any input.
 */
class AddallowInputProperties {
    private static final String CERT = "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----";

    private static BufferedReader reader(String s, int limit) {
        return new BufferedReader(new InputStreamReader(
                new BoundedInput(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), limit), StandardCharsets.UTF_8));
    }

    @Property(tries = 200)
    void stopsAtTheEndLineWhateverFollowsAndNormalisesLineEnds(
            @ForAll @StringLength(max = 200) String after, @ForAll boolean crlf, @ForAll @StringLength(max = 5) String blanks)
            throws IOException {
        String blank = blanks.replaceAll("[^ \t]", " ");
        String eol = (crlf ? "\r\n" : "\n");
        String input = CERT.replace("\n", blank + eol) + blank + eol + after;
        BufferedReader r = reader(input, 1 << 20);
        byte[] pem = AddallowCommand.readPem(r);
        assertEquals(CERT + "\n", new String(pem, StandardCharsets.US_ASCII));
        // what follows is still there for a later prompt
        StringBuilder rest = new StringBuilder();
        int c;
        while ((c = r.read()) >= 0) {
            rest.append((char) c);
        }
        assertEquals(after, rest.toString());
    }

    @Property(tries = 200)
    void anyInputEitherGivesACertificateBlockOrIsRefused(@ForAll @StringLength(max = 3000) String input) {
        try {
            byte[] pem = AddallowCommand.readPem(reader(input, 2048));
            String s = new String(pem, StandardCharsets.UTF_8);
            assertTrue(s.endsWith("-----END CERTIFICATE-----\n") || s.contains("-----END CERTIFICATE-----"), s);
            assertTrue(pem.length <= 2048 + 2048, "bounded");
        } catch (ExitCodes.Failure | IOException refused) {
            // no END line, or over the limit
        }
    }

    @org.junit.jupiter.api.Test
    void aFloodIsCutOff() {
        String flood = "A".repeat(100_000);
        assertThrows(IOException.class, () -> AddallowCommand.readPem(reader(flood, AddallowCommand.MAX_INPUT)));
    }
}
