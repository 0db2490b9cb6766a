package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jgtlssh.gensio.Gensios;
import org.junit.jupiter.api.Test;

class ConnectorTest {
    private static final Path HOME = Path.of("/h");
    private static final Credentials.Choice CRED = new Credentials.Choice(Path.of("/h/.gtlssh/default.key"),
            Path.of("/h/.gtlssh/default.crt"), List.of());

    private static ClientOptions parse(String... args) {
        return Jgtlssh.parse(new Jgtlssh.Environment(HOME, "root", Map.of(), false), args);
    }

    @Test
    void gtlsshsStackString() throws Exception {
        String s = Connector.stackString(parse("-p", "9352", "localhost"), CRED);
        assertEquals("mux(writebuf=65496,readbuf=1048128),certauth(enable-password,username=root,"
                + "\"cert=/h/.gtlssh/default.crt\",\"key=/h/.gtlssh/default.key\"),"
                + "ssl(\"CA=/h/.gtlssh/server_certs/\"),tcp(readbuf=20000,nodelay),localhost,9352", s);
        Gensios.parse(s); // our parser reads it back
    }

    @Test
    void telnetOptionPutsRfc2217TelnetOnTopAsGtlsshDoes() throws Exception {
        String s = Connector.stackString(parse("-r", "-p", "9352", "localhost"), CRED);
        assertTrue(s.startsWith("telnet(rfc2217),mux(writebuf=65496,readbuf=1048128),certauth("), s);
        assertEquals(s, Connector.stackString(parse("--telnet", "-p", "9352", "localhost"), CRED));
        s = Connector.stackString(parse("-r", "--nomux", "localhost"), CRED);
        assertTrue(s.startsWith("telnet(rfc2217),certauth("), s);
        Gensios.parse(s);
    }

    @Test
    void familyNomuxAndTransport() throws Exception {
        String s = Connector.stackString(parse("-6", "--nomux", "bob@::1"), CRED);
        assertEquals("certauth(enable-password,username=bob,\"cert=/h/.gtlssh/default.crt\","
                + "\"key=/h/.gtlssh/default.key\"),ssl(\"CA=/h/.gtlssh/server_certs/\"),"
                + "tcp(readbuf=20000,nodelay),ipv6,::1,852", s);
        s = Connector.stackString(parse("--transport", "relpkt,msgdelim,serialdev,/dev/ttyS0,115200n81", "box"), CRED);
        assertEquals("relpkt,msgdelim,serialdev,/dev/ttyS0,115200n81", s.substring(s.indexOf("/\"),") + 4));
        Gensios.parse(s);
    }

    @Test
    void oddUserNamesAreQuotedNotInjected() throws Exception {
        String s = Connector.stackString(parse("a,b)c\"d@box"), CRED);
        assertEquals("a,b)c\"d", Gensios.parse(s).layers().get(1).options().string("username", null));
    }

    @Test
    void hostNamesCannotAddAddressesOrLayers() {
        assertThrows(IllegalArgumentException.class, () -> Connector.stackString(parse("h,1,x"), CRED));
        assertThrows(IllegalArgumentException.class, () -> Connector.stackString(parse("h(x)"), CRED));
        assertThrows(IllegalArgumentException.class, () -> Connector.stackString(parse("--", "-rf"), CRED));
    }
}
