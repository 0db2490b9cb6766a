package org.jgtlssh.gensio.relpkt;

/**
 * Not a test: the in-memory twin of {@code bench/serial-goodput.sh}. 1 MB one way over a simulated
 * lossy-link.py line (each byte deleted with F/2, a bit flipped with F/2, 11520 bytes/s, both
 * directions) on a virtual clock, for each fault rate; prints the virtual goodput and the sender's
 * counters. Runs in seconds, so tuning can be measured before the slow real bench confirms it.
 * Args: [bytes] [latencyMs] [seed] [one fault rate] [both: the same bytes each way].
 */
public final class SimGoodput {
    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long latency = (args.length > 1 ? Long.parseLong(args[1]) : 3) * 1_000_000L;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        double[] rates = {0, 1e-4, 1e-3, 1e-2};
        if (args.length > 3) {
            rates = new double[] {Double.parseDouble(args[3])};
        }
        boolean both = args.length > 4 && args[4].equals("both");
        for (double f : rates) {
            LinkSim sim = new LinkSim(seed, LinkSim.Faults.serialLine(f, 11_520, latency), RelpktOptions.DEFAULT,
                    RelpktOptions.DEFAULT, size, both ? size : 0, null);
            long t0 = sim.now;
            sim.run(3600L * 1_000_000_000L);
            double secs = (sim.now - t0) / 1e9;
            int got = sim.gotAtB.size();
            boolean ok = java.util.Arrays.equals(sim.dataA, sim.gotAtB.toByteArray())
                    && java.util.Arrays.equals(sim.dataB, sim.gotAtA.toByteArray());
            System.out.printf("F=%-7s %7.1f s  %6.2f KB/s  %5.1f %% line  ok=%s%n  a %s%n  b %s%n", f, secs,
                    got / 1000.0 / secs, got / secs / 11_520 * 100, ok, sim.a.counters(), sim.b.counters());
        }
    }
}
