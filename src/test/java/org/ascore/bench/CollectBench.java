package org.ascore.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ascore.pipeline.RunPoints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

/**
 * Benchmark (not a test) of the aggregate stage's read of (C, V, AS-i) to the driver, on a
 * scores-like Parquet table of n rows (one real and two generated sets, with path and image_id
 * strings as in the real table), cached as the stage caches it:
 *
 * <ul>
 *   <li>{@code rows}: what the stage did before {@link RunPoints}: per set, a filtered
 *       {@code select(c, v, as_i).toLocalIterator()} into arrays that grow by doubling;</li>
 *   <li>{@code packed}: {@link RunPoints#collect}, all sets in one job, one packed array per
 *       partition and set.</li>
 * </ul>
 *
 * <pre>
 * CollectBench [n ...] [--reps R] [--master local[2]]     (default n = 1e6 5e6, R = 5)
 * </pre>
 * The two variants alternate; the median wall time of each and their ratio per round are printed.
 */
public final class CollectBench {
    private static final String[] SETS = {"real", "gen-a", "gen-b"};

    private CollectBench() {
    }

    public static void main(String[] args) {
        List<Long> sizes = new ArrayList<>();
        int reps = 5;
        String master = "local[2]";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--master" -> master = args[++i];
                default -> sizes.add((long) Double.parseDouble(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000_000L, 5_000_000L);
        }
        SparkSession spark = SparkSession.builder().master(master).appName("collect-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        System.out.printf(Locale.ROOT, "# java %s, %d processors, max heap %.0f MiB, master %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576.0, master);
        System.out.println("| rows | partitions | rows s (median) | packed s (median) | rows / packed per round |");
        System.out.println("|---:|---:|---:|---:|---|");
        for (long n : sizes) {
            run(spark, n, reps);
        }
        spark.stop();
    }

    private static void run(SparkSession spark, long n, int reps) {
        String dir = "/tmp/ascore-collect-bench/n" + n;
        Dataset<Row> gen = spark.range(n).select(
                when(col("id").mod(3).equalTo(0), lit("real")).otherwise(lit("generated")).as("split"),
                when(col("id").mod(3).equalTo(0), lit(SETS[0]))
                        .when(col("id").mod(3).equalTo(1), lit(SETS[1])).otherwise(lit(SETS[2])).as("source"),
                concat(lit("s3a://bucket/evaluations/nightly/images/"), col("id").cast("string"), lit(".png")).as("path"),
                sha2(col("id").cast("string"), 256).as("image_id"),
                rand(1).multiply(0.1).as("complexity"),
                randn(2).multiply(0.2).plus(0.6).as("vulnerability"),
                lit("ok").as("status"))
                .withColumn("as_i", col("vulnerability").divide(col("complexity")));
        gen.write().mode(SaveMode.Overwrite).parquet(dir);
        Dataset<Row> scores = spark.read().parquet(dir).cache();
        scores.count();
        int partitions = scores.rdd().getNumPartitions();
        double[] rowsS = new double[reps];
        double[] packedS = new double[reps];
        StringBuilder ratios = new StringBuilder();
        for (int r = -1; r < reps; r++) {
            long t0 = System.nanoTime();
            long viaRows = 0;
            for (String set : SETS) {
                viaRows += byRows(scores.where(col("source").equalTo(set)));
            }
            long t1 = System.nanoTime();
            RunPoints points = RunPoints.collect(scores);
            long t2 = System.nanoTime();
            long viaPacked = points.get("real", SETS[0]).size() + points.get("generated", SETS[1]).size()
                    + points.get("generated", SETS[2]).size();
            if (viaRows != n || viaPacked != n) {
                throw new IllegalStateException("read " + viaRows + " and " + viaPacked + " rows of " + n);
            }
            if (r >= 0) { // round -1 warms up both
                rowsS[r] = (t1 - t0) / 1e9;
                packedS[r] = (t2 - t1) / 1e9;
                ratios.append(ratios.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", rowsS[r] / packedS[r]));
            }
        }
        System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %s |%n", n, partitions, Stats.median(rowsS),
                Stats.median(packedS), ratios);
        scores.unpersist();
    }

    /** The stage's former read: one set, row by row, into doubling arrays. */
    private static long byRows(Dataset<Row> set) {
        double[] c = new double[1024];
        double[] v = new double[1024];
        double[] a = new double[1024];
        int k = 0;
        Iterator<Row> it = set.select("complexity", "vulnerability", "as_i").toLocalIterator();
        while (it.hasNext()) {
            Row t = it.next();
            if (k == c.length) {
                c = Arrays.copyOf(c, k * 2);
                v = Arrays.copyOf(v, k * 2);
                a = Arrays.copyOf(a, k * 2);
            }
            c[k] = t.getDouble(0);
            v[k] = t.getDouble(1);
            a[k] = t.isNullAt(2) ? Double.NaN : t.getDouble(2);
            k++;
        }
        c = Arrays.copyOf(c, k);
        v = Arrays.copyOf(v, k);
        a = Arrays.copyOf(a, k);
        return (c.length + v.length + a.length) / 3;
    }
}
