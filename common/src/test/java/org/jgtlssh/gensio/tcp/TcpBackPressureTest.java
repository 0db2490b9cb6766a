package org.jgtlssh.gensio.tcp;


import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.testutil.StreamScenarios;
import org.junit.jupiter.api.Test;

/** A tcp writer blocks while its peer does not read; when reading resumes every byte arrives intact. */
class TcpBackPressureTest {

    @Test
    void aStoppedReaderBlocksTheWriterAndNothingIsLost() throws Exception {
        try (Accepter acc = Gensios.accepter("tcp,ipv4,127.0.0.1,0")) {
            Gensio c = Gensios.connect("tcp,127.0.0.1," + acc.port());
            try (c; Gensio s = acc.accept().open()) {
                // nobody reads: only the kernel's socket buffers fill (a few MiB), then the writer waits
                StreamScenarios.stoppedReaderBlocksWriterAndNothingIsLost(c, s, 256L << 20, 64L << 20);
            }
        }
    }
}
