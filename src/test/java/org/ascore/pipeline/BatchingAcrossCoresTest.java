package org.ascore.pipeline;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In float32, V depends on which images share a batch. With automatic partitions the partition
 * count follows the cores (local[1]: 1, local[2]: 2 here), yet the batches, and so every float32 C
 * and V, must stay the same.
 */
class BatchingAcrossCoresTest {
    @TempDir
    static Path tmp;

    @AfterAll
    static void backToTheSharedSession() {
        SparkTestSession.stop();
    }

    @Test
    void oneCoreAndTwoCoresGiveBitIdenticalFloat32Scores() {
        DemoData.copy("real", 4, tmp.resolve("in").resolve("real"));
        DemoData.copy("generated/pca-4", 4, tmp.resolve("in").resolve("pca-4"));
        DemoData.copy("generated/pca-64", 4, tmp.resolve("in").resolve("pca-64"));

        SparkTestSession.stop();
        SparkSession one = local("local[1]");
        Map<String, double[]> oneCore = scores(one, "one-core");
        one.stop();
        SparkSession two = local("local[2]");
        Map<String, double[]> twoCores = scores(two, "two-cores");
        two.stop();

        assertEquals(12, oneCore.size());
        assertEquals(oneCore.keySet(), twoCores.keySet());
        oneCore.forEach((path, cv) -> {
            assertEquals(cv[0], twoCores.get(path)[0], "complexity of " + path);
            assertEquals(cv[1], twoCores.get(path)[1], "vulnerability of " + path);
        });
    }

    private static SparkSession local(String master) {
        return SparkSession.builder().master(master).appName("ascore-" + master)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    /**
     * path → {C, V}. Automatic partitions: 12 images in batches of 3 fit one partition per core.
     * Batches of 3 so that a layout that followed the partitions would score some images in
     * partial batches, alone or in pairs, which moves their float32 V.
     */
    private static Map<String, double[]> scores(SparkSession spark, String runId) {
        Path in = tmp.resolve("in");
        Map<String, String> cli = TestJobs.fast(in.resolve("real").toUri().toString(),
                "pca-4=" + in.resolve("pca-4").toUri() + ",pca-64=" + in.resolve("pca-64").toUri(),
                tmp.resolve("out-" + runId), runId);
        cli.put("ascore.batch-size", "3");
        cli.put("ascore.reuse", "false");
        JobConfig cfg = TestJobs.config(cli);
        new ScoreJob(spark, cfg).run();
        List<Row> rows = spark.read().parquet(tmp.resolve("out-" + runId).resolve("scores").toString())
                .where(col("run_id").equalTo(runId)).select("path", "status", "complexity", "vulnerability")
                .collectAsList();
        Map<String, double[]> out = new TreeMap<>();
        for (Row r : rows) {
            assertEquals("ok", r.getString(1), "status of " + r.getString(0));
            out.put(r.getString(0), new double[] {r.getDouble(2), r.getDouble(3)});
        }
        return out;
    }
}
