package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.jgtlssh.client.ClientConfig.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {
    private static final String SAMPLE = """
            # global
            escchar ^]

            Host lab *.lab.example !bad.lab.example
                Port 8852
                user=bob
                KeyFile ~/.gtlssh/keycerts/lab.key

            Host console
                hostname console1
                transport relpkt,msgdelim,serialdev,/dev/ttyUSB0,115200n81
                nomux yes

            Host *
                port 900
                user alice
            """;

    @Test
    void perHostSettingsFirstMatchWins() {
        ClientConfig c = ClientConfig.parse("cfg", SAMPLE);
        Map<Key, String> lab = c.forHost("x.lab.example");
        assertEquals("8852", lab.get(Key.PORT));
        assertEquals("bob", lab.get(Key.USER));
        assertEquals("~/.gtlssh/keycerts/lab.key", lab.get(Key.KEYFILE));
        assertEquals("^]", lab.get(Key.ESCCHAR));

        Map<Key, String> other = c.forHost("elsewhere");
        assertEquals("900", other.get(Key.PORT));
        assertEquals("alice", other.get(Key.USER));
        assertFalse(other.containsKey(Key.KEYFILE));

        Map<Key, String> bad = c.forHost("bad.lab.example");
        assertEquals("900", bad.get(Key.PORT), "negated pattern excludes the host");

        Map<Key, String> console = c.forHost("CONSOLE");
        assertEquals("relpkt,msgdelim,serialdev,/dev/ttyUSB0,115200n81", console.get(Key.TRANSPORT));
        assertEquals("console1", console.get(Key.HOSTNAME));
        assertEquals("yes", console.get(Key.NOMUX));
    }

    @Test
    void errorsNameTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.parse("cfg", "port 22\nfrobnicate 1\n"));
        assertEquals("cfg:2: unknown setting 'frobnicate'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClientConfig.parse("cfg", "Host a\n port 70000\n"));
        assertEquals("cfg:2: port: port out of range: 70000", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClientConfig.parse("cfg", "port\n"));
        assertEquals("cfg:1: expected 'keyword value'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.parse("cfg", "escchar ^1\n"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.parse("cfg", "nomux maybe\n"));
        e = assertThrows(IllegalArgumentException.class, () -> ClientConfig.parse("cfg", "\u001b]0;x\u0007 1\n"));
        assertFalse(e.getMessage().contains("\u001b"), "unknown keyword is printed stripped");
    }

    @Test
    void dashOOptions() {
        Map<Key, String> o = ClientConfig.parseOptions(List.of("Port=1234", "user bob", "port=99"));
        assertEquals("1234", o.get(Key.PORT), "first -o wins");
        assertEquals("bob", o.get(Key.USER));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.parseOptions(List.of("Host=x")));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.parseOptions(List.of("bogus=1")));
    }

    @Test
    void globbing() {
        assertTrue(ClientConfig.glob("*.example", "a.b.example"));
        assertTrue(ClientConfig.glob("h?st", "HOST"));
        assertFalse(ClientConfig.glob("h?st", "hoost"));
        assertTrue(ClientConfig.glob("*", ""));
        assertFalse(ClientConfig.glob("a*b*c", "a" + "x".repeat(5000) + "b"));
    }

    @Test
    void missingFileIsEmptyAndWritableFileIsRefused(@TempDir Path dir) throws Exception {
        assertTrue(ClientConfig.load(dir.resolve("config")).forHost("h").isEmpty());
        Path f = dir.resolve("config");
        Files.writeString(f, "port 1000\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("1000", ClientConfig.load(f).forHost("h").get(Key.PORT));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientConfig.load(f));
        assertTrue(e.getMessage().contains("writable by others"));
    }

    @Test
    void expandsHome() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/home/u/.gtlssh/x.key"), ClientConfig.expandHome("~/.gtlssh/x.key", home));
        assertEquals(Path.of("/abs"), ClientConfig.expandHome("/abs", home));
    }
}
