package org.jgtlssh.gensio.relpkt;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.GensioListener;
import org.jgtlssh.gensio.Gensios;
import org.jgtlssh.gensio.OpenContext;

/**
 * The driver of {@code bench/serial-goodput.sh} for our stack (not a test): opens
 * {@code relpkt(mode=server),msgdelim,serialdev,B} as the receiver and {@code relpkt,msgdelim,serialdev,A}
 * as the sender in one JVM, sends N seeded random bytes one way and prints one line:
 * {@code bytes=<received> ok=<true|false> seconds=<s> goodput_kBps=<KB/s> resent=<n>}.
 * Time runs from the first write to the last byte received. Args: A B bytes timeoutSeconds [baud, default
 * 115200: what the stacks tell serialdev, and so the rate relpkt paces to].
 */
public final class SerialGoodputBench {
    public static void main(String[] args) throws Exception {
        String a = args[0];
        String b = args[1];
        int size = Integer.parseInt(args[2]);
        long timeoutNanos = Long.parseLong(args[3]) * 1_000_000_000L;
        String line = (args.length > 4 ? args[4] : "115200") + "n81,local";
        Map<String, Long> stats = new ConcurrentHashMap<>();
        OpenContext ctx = OpenContext.of(new GensioListener() {
            @Override
            public void stats(String layer, Map<String, Long> c) {
                if (layer.equals("relpkt")) {
                    stats.putAll(c);
                }
            }
        });
        Gensio[] rx = new Gensio[1];
        Thread opener = Thread.ofVirtual().start(() -> {
            try {
                rx[0] = Gensios.connect("relpkt(mode=server),msgdelim,serialdev," + b + "," + line);
            } catch (IOException e) {
                System.err.println("receiver: " + e.getMessage());
            }
        });
        Gensio tx = Gensios.connect("relpkt,msgdelim,serialdev," + a + "," + line, ctx);
        opener.join();
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        long t0 = System.nanoTime();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                tx.write(data);
                tx.flush();
            } catch (IOException e) {
                System.err.println("sender: " + e.getMessage());
            }
        });
        byte[] got = new byte[size];
        int n = 0;
        long last = t0;
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(timeoutNanos / 1_000_000);
                rx[0].abort();
            } catch (InterruptedException ignored) {
                // finished in time
            }
        });
        try {
            while (n < size) {
                int r = rx[0].read(got, n, size - n);
                if (r < 0) {
                    break;
                }
                n += r;
                last = System.nanoTime();
            }
        } catch (IOException e) {
            System.err.println("receiver: " + e.getMessage());
        }
        watchdog.interrupt();
        double secs = (last - t0) / 1e9;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        boolean ok = n == size && HexFormat.of().formatHex(md.digest(data))
                .equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(got)));
        long resent = stats.getOrDefault("packets-resent", -1L);
        System.out.printf("bytes=%d ok=%s seconds=%.1f goodput_kBps=%.2f resent=%d%n", n, ok, secs,
                n / 1000.0 / Math.max(secs, 1e-9), resent);
        writer.join(1000);
        tx.abort();
        rx[0].abort();
        System.exit(0);
    }
}
