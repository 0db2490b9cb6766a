package org.jgtlssh.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            8080:localhost:80                 | tcp,8080                | tcp,localhost,80
            127.0.0.1:8080:db:5432            | tcp,127.0.0.1,8080      | tcp,db,5432
            tcp,8080:somehost:tcp,4444        | tcp,8080                | tcp,somehost,4444
            /tmp/s.sock:localhost:22          | unix,/tmp/s.sock        | tcp,localhost,22
            9000:/run/x.sock                  | tcp,9000                | unix,/run/x.sock
            /tmp/a:/tmp/b                     | unix,/tmp/a             | unix,/tmp/b
            127.0.0.1:9366:localhost:9363     | tcp,127.0.0.1,9366      | tcp,localhost,9363
            0:localhost:22                    | tcp,0                   | tcp,localhost,22
            """)
    void convertsLikeGtlssh(String arg, String accept, String connect) {
        ForwardSpec s = ForwardSpec.parse(arg);
        assertEquals(accept, s.accept());
        assertEquals(connect, s.connect());
        assertEquals(arg, s.argument());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            8080                   | Not enough fields in port info '8080'
            a:b:c:d:e              | Too many fields in port info 'a:b:c:d:e'
            x:8080:localhost:80x   | Invalid port given in 'x:8080:localhost:80x'
            8080::80               | No host given in '8080::80'
            99999:h:1              | Invalid port given in '99999:h:1'
            8080:h:0               | Invalid port given in '8080:h:0'
            1:2:3:/p               | Too many fields in port info '1:2:3:/p'
            8080:h,x:80            | Invalid host name in '8080:h,x:80'
            sctp,1:h:2             | sctp is not supported in 'sctp,1:h:2'
            """)
    void refusesLikeGtlssh(String arg, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ForwardSpec.parse(arg)).getMessage());
    }
}
