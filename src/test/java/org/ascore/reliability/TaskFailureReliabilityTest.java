package org.ascore.reliability;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.ascore.pipeline.RunResult;
import org.ascore.pipeline.ScoreJob;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tasks that die mid-partition are retried, and the output still has each image exactly once. */
class TaskFailureReliabilityTest {
    @TempDir
    Path tmp;
    SparkSession spark;
    String poisoned;

    @BeforeEach
    void install() {
        spark = SparkTestSession.get();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        conf.set("fs.file.impl", FlakyLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        List<Path> real = DemoData.copy("real", 10, tmp.resolve("real"));
        DemoData.copy("generated/pca-4", 10, tmp.resolve("gen"));
        poisoned = real.get(4).getFileName().toString();
        FlakyLocalFileSystem.poisonedName = poisoned;
    }

    @AfterEach
    void uninstall() {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        conf.unset("fs.file.impl");
        conf.unset("fs.file.impl.disable.cache");
        FlakyLocalFileSystem.poisonedName = null;
        FlakyLocalFileSystem.denyAccess = false;
        FlakyLocalFileSystem.FAILURES_LEFT.set(0);
    }

    @Test
    void aTaskThatFailsMidPartitionIsRetriedAndEveryImageIsWrittenOnce() {
        FlakyLocalFileSystem.FAILURES_LEFT.set(1);
        RunResult r = new ScoreJob(spark, config("retry")).run();
        assertEquals(0, FlakyLocalFileSystem.FAILURES_LEFT.get(), "the fault was injected");
        Dataset<Row> rows = scores("retry");
        assertEquals(20, rows.count());
        assertEquals(20, rows.select("path").distinct().count());
        assertEquals("ok", rows.where(col("path").endsWith(poisoned)).first().getAs("status"));
        assertEquals(10, r.summaries().get(0).nReal());
    }

    @Test
    void anUnreadableFileGetsReadErrorAndTheJobGoesOn() {
        // Tests run as root, which reads files whatever their permissions, so the denial is injected.
        FlakyLocalFileSystem.denyAccess = true;
        FlakyLocalFileSystem.FAILURES_LEFT.set(1000);
        RunResult r = new ScoreJob(spark, config("denied")).run();
        Row denied = scores("denied").where(col("path").endsWith(poisoned)).first();
        assertEquals("read_error", denied.getAs("status"));
        assertTrue(((String) denied.getAs("error")).contains("Permission denied"), (String) denied.getAs("error"));
        assertEquals(20, scores("denied").count());
        assertEquals(9, r.summaries().get(0).nReal());
    }

    @Test
    void aRunThatDiesBeforeTheDriverStageLeavesNoPartialSummaryAndTheSameRunIdThenCompletes() throws Exception {
        FlakyLocalFileSystem.FAILURES_LEFT.set(1000);
        assertThrows(Exception.class, () -> new ScoreJob(spark, config("crash")).run());
        Path summary = tmp.resolve("out").resolve("summary");
        assertFalse(Files.exists(summary) && Files.walk(summary).anyMatch(p -> p.toString().contains("run_id=crash")),
                "no summary rows for the failed run");
        Path scores = tmp.resolve("out").resolve("scores");
        assertFalse(Files.exists(scores) && Files.walk(scores)
                .anyMatch(p -> p.toString().contains("run_id=crash") && p.toString().endsWith(".parquet")),
                "no committed score files for the failed run");

        FlakyLocalFileSystem.FAILURES_LEFT.set(0);
        RunResult again = new ScoreJob(spark, config("crash")).run();
        assertEquals(20, again.files());
        assertEquals(20, scores("crash").count());
        assertEquals(1, spark.read().parquet(summary.toString()).where(col("run_id").equalTo("crash")).count());
    }

    private Dataset<Row> scores(String runId) {
        return spark.read().parquet(tmp.resolve("out").resolve("scores").toString()).where(col("run_id").equalTo(runId));
    }

    private JobConfig config(String runId) {
        Map<String, String> cli = TestJobs.fast(tmp.resolve("real").toString(), "gen=" + tmp.resolve("gen"),
                tmp.resolve("out"), runId);
        cli.put("ascore.batch-size", "4");
        cli.put("ascore.reuse", "false");
        return TestJobs.config(cli);
    }
}
