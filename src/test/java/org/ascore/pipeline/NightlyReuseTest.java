package org.ascore.pipeline;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Nightly runs score only what is new: rows of unchanged images are copied from earlier runs. */
class NightlyReuseTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondRunOverUnchangedDataRunsNoInferenceAndAppendsItsSummary() throws IOException {
        SparkSession spark = SparkTestSession.get();
        DemoData.copy("real", 8, tmp.resolve("real"));
        Files.write(tmp.resolve("real").resolve("broken.png"), new byte[] {1, 2, 3});
        List<Path> gen = DemoData.copy("generated/pca-16", 7, tmp.resolve("gen"));

        RunResult night1 = new ScoreJob(spark, config("night-1", true)).run();
        assertEquals(16, night1.files());
        assertEquals(15, night1.inferred());
        assertEquals(0, night1.reused());
        assertEquals(Map.of("scored here", 16L), origins(spark, "night-1"));

        RunResult night2 = new ScoreJob(spark, config("night-2", true)).run();
        assertEquals(0, night2.inferred(), "nothing changed, so nothing may go through the model");
        assertEquals(16, night2.reused());
        assertEquals(night1.summaries().get(0).d(), night2.summaries().get(0).d());
        assertEquals(rows(spark, "night-1"), rows(spark, "night-2"));
        assertEquals(Map.of("night-1", 16L), origins(spark, "night-2"));
        Row summary2 = CommittedTables.summary(spark, new RunPaths(tmp.resolve("out").toString()))
                .where(col("run_id").equalTo("night-2")).first();
        assertNull(summary2.getAs("device"), "no image went through a model in night-2");
        assertNull(summary2.getAs("engine"));

        Files.copy(gen.get(0), tmp.resolve("gen").resolve("copy-under-a-new-name.png"));
        DemoData.copy("generated/pca-4", 1, tmp.resolve("gen").resolve("new"));
        RunResult night3 = new ScoreJob(spark, config("night-3", true)).run();
        assertEquals(1, night3.inferred(), "only the new image's bytes are new");
        assertEquals(17, night3.reused());
        // Rows night-3 copies from night-2 name night-1, which scored them.
        assertEquals(Map.of("night-1", 17L, "scored here", 1L), origins(spark, "night-3"));

        RunResult fresh = new ScoreJob(spark, config("no-reuse", false)).run();
        assertEquals(17, fresh.inferred());

        long history = spark.read().parquet(tmp.resolve("out").resolve("summary").toString())
                .where(col("source").equalTo("gen")).count();
        assertEquals(4, history);
    }

    private Map<String, String> rows(SparkSession spark, String runId) {
        Map<String, String> out = new HashMap<>();
        for (Row r : spark.read().parquet(tmp.resolve("out").resolve("scores").toString())
                .where(col("run_id").equalTo(runId)).collectAsList()) {
            out.put(r.getAs("path"), r.getAs("status") + " " + r.getAs("image_id") + " " + r.getAs("complexity")
                    + " " + r.getAs("vulnerability") + " " + r.getAs("as_i"));
        }
        return out;
    }

    /** Rows of a run per reused_from_run ("scored here" for null). */
    private Map<String, Long> origins(SparkSession spark, String runId) {
        Map<String, Long> out = new HashMap<>();
        for (Row r : CommittedTables.scores(spark, new RunPaths(tmp.resolve("out").toString()))
                .where(col("run_id").equalTo(runId)).groupBy("reused_from_run").count().collectAsList()) {
            out.put(r.isNullAt(0) ? "scored here" : r.getString(0), r.getLong(1));
        }
        return out;
    }

    private JobConfig config(String runId, boolean reuse) {
        Map<String, String> cli = TestJobs.fast(tmp.resolve("real").toString(), "gen=" + tmp.resolve("gen"),
                tmp.resolve("out"), runId);
        cli.put("ascore.reuse", Boolean.toString(reuse));
        return TestJobs.config(cli);
    }
}
