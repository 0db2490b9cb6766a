package org.jgtlssh.gensio.serialdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.SerialSettings;
import org.jgtlssh.gensio.stack.StackSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** serialdev address strings as gensio writes them (stack-strings.md, examples 19-21). */
class SerialdevConfigTest {
    static SerialdevConfig parse(String s) throws IOException {
        return SerialdevConfig.parse(Gensios.parse(s).terminal());
    }

    @Test
    void example19() throws IOException {
        SerialdevConfig c = parse("serialdev,/dev/ttyUSB0,115200n81,local,rtscts");
        assertEquals("/dev/ttyUSB0", c.device());
        assertEquals(new SerialSettings(115200, 'N', 8, 1, false, true, true, false), c.settings());
        assertEquals("115200N81,RTSCTS,CLOCAL", c.settings().toString());
        assertTrue(c.uucpLock());
    }

    @Test
    void example20() throws IOException {
        SerialdevConfig c = parse("serialdev,/dev/ttyS0,9600E71,hangup-when-done");
        assertEquals(new SerialSettings(9600, 'E', 7, 1, false, false, false, true), c.settings());
    }

    @Test
    void example21AndOptions() throws IOException {
        SerialdevConfig c = parse("serialdev(nouucplock,readbuf=64),/tmp/ptyl,115200n81,local,rtscts=false dtr=off");
        assertFalse(c.settings().rtscts());
        assertTrue(c.settings().local());
        assertEquals(Boolean.FALSE, c.dtr());
        assertNull(c.rts());
        assertFalse(c.uucpLock());
        assertEquals(64, c.readbuf());
    }

    @Test
    void defaultsAndDeprecatedSpellings() throws IOException {
        assertEquals(SerialSettings.DEFAULT, parse("serialdev,/dev/ttyS1").settings());
        SerialdevConfig c = parse("serialdev,/dev/ttyS1,38400,EVEN,7DATABITS,2STOPBITS,XONXOFF,-XONXOFF,speed=19200o");
        assertEquals(new SerialSettings(19200, 'O', 7, 2, false, false, false, false), c.settings());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serialdev,/dev/ttyS0,115200x81 | bad parity",
        "serialdev,/dev/ttyS0,115200n91 | bad data bits",
        "serialdev,/dev/ttyS0,115200n83 | bad stop bits",
        "serialdev,/dev/ttyS0,fast | unknown serial parameter 'fast'",
        "serialdev,/dev/ttyS0,rtscts=maybe | rtscts must be on or off",
        "serialdev(bogus),/dev/ttyS0 | unknown option 'bogus'",
        "serialdev | needs a device",
    })
    void badStringsGetClearErrors(String stack, String message) {
        Exception e = assertThrows(StackSyntaxException.class, () -> parse(stack));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
