package org.ascore.pipeline;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In float32, V depends on which images share a batch. The same files under two different roots
 * (a copy in another bucket, another checkout) must be batched alike, so they get the same scores.
 */
class BatchingByLocationTest {
    @TempDir
    Path tmp;

    @Test
    void theSameFilesElsewhereGetBitIdenticalScores() {
        SparkSession spark = SparkTestSession.get();
        Map<String, double[]> here = scoresById(spark, tmp.resolve("a"), "here");
        Map<String, double[]> there = scoresById(spark, tmp.resolve("copy-in").resolve("another").resolve("place"),
                "there");
        assertEquals(60, here.size());
        assertEquals(here.keySet(), there.keySet());
        here.forEach((id, cv) -> {
            assertEquals(cv[0], there.get(id)[0], "complexity of " + id);
            assertEquals(cv[1], there.get(id)[1], "vulnerability of " + id);
        });
    }

    private static Map<String, double[]> scoresById(SparkSession spark, Path root, String runId) {
        DemoData.copy("real", 30, root.resolve("real"));
        DemoData.copy("generated/pca-16", 30, root.resolve("gen"));
        Map<String, String> cli = TestJobs.fast(root.resolve("real").toUri().toString(), "pca-16=" + root.resolve("gen"),
                root.resolve("out"), runId);
        // Batches of 7 in 5 partitions: partial batches whose size depends on the partitioning.
        cli.put("ascore.batch-size", "7");
        cli.put("ascore.partitions", "5");
        JobConfig cfg = TestJobs.config(cli);
        new ScoreJob(spark, cfg).run();
        List<Row> rows = spark.read().parquet(root.resolve("out").resolve("scores").toString())
                .where(col("run_id").equalTo(runId)).select("source", "image_id", "complexity", "vulnerability")
                .collectAsList();
        Map<String, double[]> out = new HashMap<>();
        for (Row r : rows) {
            out.put(r.getString(0) + "/" + r.getString(1), new double[] {r.getDouble(2), r.getDouble(3)});
        }
        return out;
    }
}
