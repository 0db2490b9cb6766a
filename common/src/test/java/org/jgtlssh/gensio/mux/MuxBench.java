package org.jgtlssh.gensio.mux;

import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;

/**
 * The Java ends of {@code bench/mux-throughput.sh} (not a test):
 * {@code server STACK} accepts one connection, reads until the peer closes, prints the byte count;
 * {@code client STACK BYTES} connects, writes BYTES zero bytes, closes.
 */
public final class MuxBench {
    private MuxBench() {}

    public static void main(String[] args) throws Exception {
        byte[] buf = new byte[65536];
        if (args[0].equals("server")) {
            try (Accepter acc = Gensios.accepter(args[1])) {
                System.out.println("listening " + acc.port());
                Gensio g = acc.accept().open();
                long total = 0;
                int n;
                while ((n = g.read(buf, 0, buf.length)) >= 0) {
                    total += n;
                }
                g.close();
                System.out.println("read " + total);
            }
        } else {
            long left = Long.parseLong(args[2]);
            try (Gensio g = Gensios.connect(args[1])) {
                while (left > 0) {
                    int n = (int) Math.min(buf.length, left);
                    g.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }
}
