package org.jgtlssh.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "host.example.org", "127.0.0.1", "::1", "fe80::1%eth0", "my_host-2", "ß.example"})
    void acceptsHostNames(String h) {
        assertEquals(h, SafeNames.check("host name", h));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/../b", "a/b", "/etc/passwd", "a\\b", "a\u0000b", "a\nb", "\u001b[31m",
        "a b", "a\u0085b", "-rf", "x\u007f"})
    void refusesNamesThatCouldLeaveTheDirectoryOrGarbleTheTerminal(String h) {
        assertThrows(IllegalArgumentException.class, () -> SafeNames.check("host name", h));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "", "８５２", "85a", "999999"})
    void refusesBadPorts(String p) {
        assertThrows(IllegalArgumentException.class, () -> SafeNames.port(p));
    }

    @Property(tries = 300)
    void anAcceptedNameNeverEscapesItsDirectory(@ForAll String name) {
        try {
            SafeNames.check("name", name);
        } catch (IllegalArgumentException refused) {
            return;
        }
        java.nio.file.Path base = java.nio.file.Path.of("/base/dir");
        java.nio.file.Path p = base.resolve(name + ",852.crt").normalize();
        assertEquals(base, p.getParent());
    }

    @Property(tries = 200)
    void printableHasNoControlCharacters(@ForAll String s) {
        SafeNames.printable(s).chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new AssertionError("control char " + c);
            }
        });
    }

    @org.junit.jupiter.api.Test
    void longNamesAreRefused() {
        SafeNames.check("name", "a".repeat(SafeNames.MAX_LENGTH));
        assertThrows(IllegalArgumentException.class, () -> SafeNames.check("name", "a".repeat(SafeNames.MAX_LENGTH + 1)));
    }
}
