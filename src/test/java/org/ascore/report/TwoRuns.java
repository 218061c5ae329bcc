package org.ascore.report;

import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.ascore.pipeline.ScoreJob;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two small real pipeline runs into one output root, made once per test JVM and shared by the tests
 * that read results (report, notebooks): a real set with a corrupt file and two generated sources,
 * one with an empty file, so that every table, the AS history and the failure counts have rows.
 */
public final class TwoRuns {
    public static final String FIRST = "small-1";
    public static final String SECOND = "small-2";
    public static final String FEATURE_MODEL = "fmnist-cnn";
    public static final int REAL = 12;
    public static final int PER_SOURCE = 10;

    private static Path root;

    private TwoRuns() {
    }

    /** The output root of both runs (runs the pipeline on first use). */
    public static synchronized Path out() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("ascore-two-runs");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                DemoData.copy("real", REAL, dir.resolve("real"));
                Files.write(dir.resolve("real").resolve("corrupt.png"),
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
                DemoData.copy("generated/pca-4", PER_SOURCE, dir.resolve("pca-4"));
                Files.write(dir.resolve("pca-4").resolve("empty.png"), new byte[0]);
                DemoData.copy("generated/pca-64", PER_SOURCE, dir.resolve("pca-64"));
                SparkSession spark = SparkTestSession.get();
                new ScoreJob(spark, config(dir, FIRST)).run();
                new ScoreJob(spark, config(dir, SECOND)).run();
                root = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root.resolve("out");
    }

    private static JobConfig config(Path dir, String runId) {
        Map<String, String> cli = TestJobs.fast(dir.resolve("real").toUri().toString(),
                "pca-4=" + dir.resolve("pca-4") + ",pca-64=" + dir.resolve("pca-64"), dir.resolve("out"), runId);
        cli.put("ascore.batch-size", "8");
        return TestJobs.config(cli);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort at JVM exit: a leftover temporary folder is harmless.
        }
    }
}
