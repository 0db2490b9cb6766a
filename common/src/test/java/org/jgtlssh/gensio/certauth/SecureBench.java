package org.jgtlssh.gensio.certauth;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.jgtlssh.gensio.ssl.Async;
import org.jgtlssh.gensio.Accepter;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.Gensios;

/**
 * Driver for {@code bench/secure-throughput.sh} (not a unit test): our stack on both ends in one JVM,
 * over 127.0.0.1.
 *
 * <pre>
 *   throughput ACCEPTER CONNECTOR MB    prints "MB seconds cpu-seconds" (after an untimed 50 MB warm-up)
 *   connect    ACCEPTER CONNECTOR N     prints "first-ms median-ms p90-ms" for N connections
 * </pre>
 * ACCEPTER ends in ",0" (any port); CONNECTOR contains "PORT", replaced by the bound port.
 */
public final class SecureBench {
    private SecureBench() {}

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** Sends {@code total} bytes over one new connection; returns {seconds, CPU seconds}. */
    static double[] transfer(Accepter acc, String connector, long total) throws Exception {
        CompletableFuture<Long> sink = Async.supply(() -> {
            try (Gensio g = acc.accept().open()) {
                byte[] b = new byte[65536];
                long n = 0;
                int r;
                while ((r = g.read(b, 0, b.length)) >= 0) {
                    n += r;
                }
                return n;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Gensio g = Gensios.connect(connector);
        byte[] chunk = new byte[16384];
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        for (long sent = 0; sent < total; sent += chunk.length) {
            g.write(chunk, 0, chunk.length, 0);
        }
        try {
            g.closeWrite();
        } catch (UnsupportedOperationException e) {
            g.close(); // a mux channel: close() sends CLOSE after the data
        }
        long got = sink.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        g.close();
        if (got != total) {
            throw new IllegalStateException("received " + got + " of " + total);
        }
        return new double[] {secs, cpuSeconds() - cpu0};
    }

    public static void main(String[] a) throws Exception {
        try (Accepter acc = Gensios.accepter(a[1])) {
            String connector = a[2].replace("PORT", Integer.toString(acc.port()));
            if (a[0].equals("throughput")) {
                long total = Long.parseLong(a[3]) << 20;
                transfer(acc, connector, Math.min(total, 50L << 20)); // warm-up (JIT), not timed
                double[] r = transfer(acc, connector, total);
                System.out.printf("%d %.3f %.3f%n", total >> 20, r[0], r[1]);
            } else {
                int n = Integer.parseInt(a[3]);
                double[] ms = new double[n];
                for (int i = 0; i < n; i++) {
                    CompletableFuture<Gensio> s = Async.supply(() -> {
                        try {
                            return acc.accept().open();
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    });
                    long t0 = System.nanoTime();
                    Gensio g = Gensios.connect(connector);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    Gensio sg = s.get();
                    g.abort();
                    sg.abort();
                }
                double first = ms[0];
                double[] warm = Arrays.copyOfRange(ms, Math.min(5, n - 1), n);
                Arrays.sort(warm);
                System.out.printf("%.1f %.1f %.1f%n", first, warm[warm.length / 2], warm[(int) (warm.length * 0.9)]);
            }
        }
    }
}
