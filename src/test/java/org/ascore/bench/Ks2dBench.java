package org.ascore.bench;

import org.ascore.io.PointsCsv;
import org.ascore.stats.Ks2d;
import org.ascore.stats.KsResult;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark (not a test) of {@link Ks2d#twoSample}: statistic and p-value on random correlated Gaussian
 * (C, V) clouds. See BENCHMARKS.md for the commands and results.
 *
 * <pre>
 * Ks2dBench synthetic [n ...]        time n = m for each n (default 1e3 .. 1e7) plus a tie-heavy 1e6 case
 * Ks2dBench csv DIR ...               time Ks2d on DIR/real.csv vs DIR/generated.csv (same data as the
 *                                     Python reference), one JSON line per DIR
 * </pre>
 *
 * Every case is warmed up, then run several times (15 up to 10^5, 7 at 10^6, 3 above; {@code
 * -Dks.reps=N} overrides); the median wall and CPU times are reported, with the peak heap of the
 * run (a high-water mark of the heap pools, garbage included: an upper bound; the smallest -Xmx that
 * works is found by rerunning with smaller heaps, see BENCHMARKS.md).
 */
public final class Ks2dBench {
    private Ks2dBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "synthetic" : args[0];
        List<String> rest = args.length <= 1 ? List.of() : List.of(args).subList(1, args.length);
        System.out.printf(Locale.ROOT, "# java %s, %d processors, max heap %.0f MiB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576.0);
        switch (mode) {
            case "synthetic" -> synthetic(rest);
            case "csv" -> csv(rest);
            default -> throw new IllegalArgumentException("mode must be synthetic or csv, got " + mode);
        }
    }

    private static void synthetic(List<String> sizes) {
        List<Integer> ns = new ArrayList<>();
        for (String s : sizes) {
            ns.add((int) Double.parseDouble(s));
        }
        if (ns.isEmpty()) {
            ns = List.of(1_000, 10_000, 100_000, 1_000_000, 10_000_000);
        }
        warmUp();
        System.out.println("| case | n = m | runs | median wall s | min wall s | max wall s | median CPU s | D | p "
                + "| peak heap MiB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : ns) {
            Data d = Data.correlated(n, 42 + n, 1);
            run("gaussian, rho 0.5 vs 0.3 shifted", d, reps(n));
        }
        if (sizes.isEmpty() || ns.contains(1_000_000)) {
            run("tie-heavy (rounded to 0.1)", Data.correlated(1_000_000, 7, 10), reps(1_000_000));
        }
    }

    private static void csv(List<String> dirs) throws Exception {
        warmUp();
        for (String dir : dirs) {
            PointsCsv.Points real = PointsCsv.read(Path.of(dir, "real.csv"));
            PointsCsv.Points gen = PointsCsv.read(Path.of(dir, "generated.csv"));
            Data d = new Data(real.c(), real.v(), gen.c(), gen.v());
            Timing t = time(d, reps(real.c().length));
            System.out.printf(Locale.ROOT,
                    "{\"dir\":\"%s\",\"n_real\":%d,\"n_generated\":%d,\"d\":%s,\"p_value\":%s,"
                            + "\"runs\":%d,\"median_s\":%.6g,\"min_s\":%.6g,\"cpu_median_s\":%.6g}%n",
                    dir, real.c().length, gen.c().length, Double.toString(t.result.d()), t.result.pValue(),
                    t.seconds.length, t.median(), t.min(), t.cpuMedian());
        }
    }

    private static int reps(int n) {
        Integer forced = Integer.getInteger("ks.reps");
        if (forced != null) {
            return forced;
        }
        if (n <= 100_000) {
            return 15;
        }
        return n <= 1_000_000 ? 7 : 3;
    }

    /** JIT warm-up on mid-sized data until about two seconds have been spent. */
    private static void warmUp() {
        Data d = Data.correlated(50_000, 1, 1);
        long until = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < until) {
            Ks2d.twoSample(d.c1, d.v1, d.c2, d.v2);
        }
    }

    private static void run(String label, Data d, int reps) {
        resetPeaks();
        Timing t = time(d, reps);
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %.4f | %.4f | %.6f | %.3g | %.0f |%n", label,
                d.c1.length, t.seconds.length, t.median(), t.min(), t.max(), t.cpuMedian(), t.result.d(),
                t.result.pValue() == null ? Double.NaN : t.result.pValue(), peakHeapMiB());
    }

    private static Timing time(Data d, int reps) {
        // One untimed run at this size first: it allocates the arrays once and finishes compilation.
        KsResult result = Ks2d.twoSample(d.c1, d.v1, d.c2, d.v2);
        double[] s = new double[reps];
        double[] cpu = new double[reps];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < reps; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            KsResult r = Ks2d.twoSample(d.c1, d.v1, d.c2, d.v2);
            s[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            if (Double.doubleToLongBits(r.d()) != Double.doubleToLongBits(result.d())) {
                throw new IllegalStateException("D changed between runs: " + result.d() + " vs " + r.d());
            }
        }
        return new Timing(result, s, cpu);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static double peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }

    /** Wall seconds and CPU seconds of the measuring thread (Ks2d is single-threaded) per run. */
    record Timing(KsResult result, double[] seconds, double[] cpuSeconds) {
        double cpuMedian() {
            return Stats.median(cpuSeconds);
        }

        double median() {
            return Stats.median(seconds);
        }

        double min() {
            return Stats.min(seconds);
        }

        double max() {
            return Stats.max(seconds);
        }
    }

    /** Two samples of (C, V) points. */
    record Data(double[] c1, double[] v1, double[] c2, double[] v2) {
        /**
         * Real: standard bivariate normal with correlation 0.5; generated: correlation 0.3, shifted
         * by (0.1, −0.05) and scaled by 1.1. With {@code grid > 1}, values are rounded to 1/grid,
         * which makes most coordinates ties.
         */
        static Data correlated(int n, long seed, int grid) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] c1 = new double[n];
            double[] v1 = new double[n];
            double[] c2 = new double[n];
            double[] v2 = new double[n];
            fill(r, c1, v1, 0.5, 0, 0, 1, grid);
            fill(r, c2, v2, 0.3, 0.1, -0.05, 1.1, grid);
            return new Data(c1, v1, c2, v2);
        }

        private static void fill(SplittableRandom r, double[] c, double[] v, double rho, double dc, double dv,
                                 double scale, int grid) {
            double q = Math.sqrt(1 - rho * rho);
            for (int i = 0; i < c.length; i++) {
                double a = r.nextGaussian();
                double b = rho * a + q * r.nextGaussian();
                c[i] = round(dc + scale * a, grid);
                v[i] = round(dv + scale * b, grid);
            }
        }

        private static double round(double x, int grid) {
            return grid <= 1 ? x : Math.rint(x * grid) / grid;
        }
    }
}
