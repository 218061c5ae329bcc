package org.ascore.bench;

import org.apache.spark.sql.SparkSession;
import org.ascore.pipeline.BootstrapReplicates;
import org.ascore.stats.Bootstrap;
import org.ascore.stats.Ks2d;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark (not a test) of the AS bootstrap as the aggregate stage runs it: R replicates of one
 * generated source against the real set, n = m points each (bivariate normals of correlation 0.5
 * and 0.3, the second shifted), spread over the cores of a local Spark master.
 *
 * <pre>
 * BootstrapBench [n ...] [--replicates R] [--reps K] [--master local[2]]   (default n = 1e5, R = 1000, K = 3)
 * </pre>
 * Prints the wall time of each run, its median, and a single-thread Ks2d.statistic time for scale.
 */
public final class BootstrapBench {
    private BootstrapBench() {
    }

    public static void main(String[] args) {
        java.util.List<Double> sizes = new java.util.ArrayList<>();
        int replicates = 1000;
        int reps = 3;
        String master = "local[2]";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--replicates" -> replicates = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--master" -> master = args[++i];
                default -> sizes.add(Double.parseDouble(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes.add(1e5);
        }
        SparkSession spark = SparkSession.builder().master(master).appName("bootstrap-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        System.out.printf(Locale.ROOT, "# java %s, %d processors, max heap %.0f MiB, master %s, R = %d%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576.0, master, replicates);
        for (double size : sizes) {
            int n = (int) size;
            SplittableRandom r = new SplittableRandom(n);
            Bootstrap.Sample real = normal(r, n, 0.5, 0);
            Map<String, Bootstrap.Sample> gen = new LinkedHashMap<>();
            gen.put("g", normal(r, n, 0.3, 0.1));
            Bootstrap b = new Bootstrap(0, "real", real, gen);
            BootstrapReplicates.run(spark, b, Math.min(replicates, 20)); // warm-up
            double[] wall = new double[reps];
            for (int k = 0; k < reps; k++) {
                long t0 = System.nanoTime();
                double[][] d = BootstrapReplicates.run(spark, b, replicates);
                wall[k] = (System.nanoTime() - t0) / 1e9;
                Bootstrap.Interval i = Bootstrap.summarize(b.sources(), d).intervals().get("g");
                System.out.printf(Locale.ROOT, "n=m=%d R=%d run %d: %.2f s, interval [%.5f, %.5f]%n", n, replicates,
                        k, wall[k], i.low(), i.high());
            }
            long t0 = System.nanoTime();
            double d = Ks2d.statistic(real.c(), real.v(), gen.get("g").c(), gen.get("g").v());
            double one = (System.nanoTime() - t0) / 1e9;
            java.util.Arrays.sort(wall);
            System.out.printf(Locale.ROOT, "n=m=%d R=%d median %.2f s (%.1f ms per replicate; one Ks2d.statistic on"
                    + " one thread %.1f ms, D %.5f)%n", n, replicates, wall[reps / 2], 1000 * wall[reps / 2] / replicates,
                    1000 * one, d);
        }
        spark.stop();
    }

    private static Bootstrap.Sample normal(SplittableRandom r, int n, double rho, double shift) {
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double a = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            double b = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            c[i] = a + shift;
            v[i] = rho * a + Math.sqrt(1 - rho * rho) * b + shift;
        }
        return new Bootstrap.Sample(c, v);
    }
}
