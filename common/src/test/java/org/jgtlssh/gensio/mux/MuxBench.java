package org.jgtlssh.gensio.mux;

import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;

/**
 * The Java ends of {@code bench/mux-throughput.sh} (not a test):
 * {@code server STACK} accepts one connection, copies what it reads to stdout until the peer closes;
 * {@code client STACK} connects, sends its stdin, closes. Through stdin/stdout, as gensiot does, so the
 * comparison pays the same pipe costs on both sides.
 */
public final class MuxBench {
    private MuxBench() {}

    public static void main(String[] args) throws Exception {
        byte[] buf = new byte[65536];
        if (args[0].equals("server")) {
            try (Accepter acc = Gensios.accepter(args[1])) {
                Gensio g = acc.accept().open();
                var out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                int n;
                while ((n = g.read(buf, 0, buf.length)) >= 0) {
                    out.write(buf, 0, n);
                }
                g.close();
            }
        } else {
            var in = new java.io.FileInputStream(java.io.FileDescriptor.in);
            try (Gensio g = Gensios.connect(args[1])) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    g.write(buf, 0, n);
                }
            }
        }
    }
}
