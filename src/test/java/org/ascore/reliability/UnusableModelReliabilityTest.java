package org.ascore.reliability;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.cli.Main;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;
import org.ascore.model.ModelRegistry;
import org.ascore.pipeline.RunResult;
import org.ascore.pipeline.ScoreJob;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model ascore cannot use is refused on the driver before any image is read (exit code 2); a
 * model that passes that probe but then fails the same way on every batch stops the job early
 * (exit code 1) with no scores and no summary kept. Models: src/test/python/make_fault_models.py.
 */
class UnusableModelReliabilityTest {
    static final Path MODELS = Path.of("src", "test", "resources", "models");

    @TempDir
    Path tmp;
    SparkSession spark;

    @BeforeEach
    void data() {
        spark = SparkTestSession.get();
        DemoData.copy("real", 12, tmp.resolve("real"));
        DemoData.copy("generated/pca-4", 12, tmp.resolve("gen"));
    }

    @AfterEach
    void unload() {
        ModelRegistry.clear();
    }

    @Test
    void aTransformerWithoutInputGradientIsRefusedWithExitTwoBeforeAnyImageIsRead() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "score",
                "--real", tmp.resolve("real").toString(), "--generated", "gen=" + tmp.resolve("gen"),
                "--model", MODELS.resolve("transformer_fused.conf").toString(), "--out", tmp.resolve("out").toString(),
                "--run-id", "fused");
        String e = err.toString();
        assertEquals(2, code, e);
        assertTrue(e.contains("ascore.model") && e.contains("transformer_fused.conf")
                && e.contains("aten::_transformer_encoder_layer_fwd") && e.contains("requires_grad_(True)")
                && e.contains("submit/export_model.py"), e);
        assertFalse(Files.exists(tmp.resolve("out").resolve("scores")), "nothing was scored");
    }

    @Test
    void dropoutLeftOnIsRefusedBeforeAnyImageIsRead() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ScoreJob(spark, config("dropout_traced_train",
                "dropout")).run());
        assertEquals("ascore.model", e.key());
        assertTrue(e.getMessage().contains("dropout_traced_train.conf") && e.getMessage().contains("dropout")
                && e.getMessage().contains("model.eval()"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out").resolve("scores")), "nothing was scored");
    }

    @Test
    void aModelWhoseOutputDoesNotDependOnTheInputIsRefusedBeforeAnyImageIsRead() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ScoreJob(spark, config("constant",
                "constant")).run());
        assertEquals("ascore.model", e.key());
        assertTrue(e.getMessage().contains("input gradient of exactly zero"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out").resolve("scores")), "nothing was scored");
    }

    @Test
    void theSameTransformerExportedWithAnInputGradientScoresEveryImage() {
        Map<String, String> cli = TestJobs.fast(tmp.resolve("real-2").toString(), "gen=" + tmp.resolve("gen-2"),
                tmp.resolve("out"), "ok");
        cli.put("ascore.model", MODELS.resolve("transformer.conf").toString());
        DemoData.copy("real", 2, tmp.resolve("real-2"));
        DemoData.copy("generated/pca-4", 2, tmp.resolve("gen-2"));
        RunResult r = new ScoreJob(spark, TestJobs.config(cli)).run();
        Dataset<Row> rows = spark.read().parquet(tmp.resolve("out").resolve("scores").toString())
                .where(col("run_id").equalTo("ok"));
        assertEquals(4, rows.count());
        assertEquals(4, rows.where(col("status").equalTo("ok")).count());
        assertEquals(2, r.summaries().get(0).nReal());
    }

    @Test
    void aModelThatFailsOnEveryBatchStopsTheJobEarlyWithExitOneAndNoScoresOrSummary() throws IOException {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "score",
                "--real", tmp.resolve("real").toString(), "--generated", "gen=" + tmp.resolve("gen"),
                "--model", MODELS.resolve("fails_after_6_calls.conf").toString(), "--out", tmp.resolve("out").toString(),
                "--run-id", "broken", "--conf", "ascore.complexity.steps=3", "--conf", "ascore.vulnerability.steps=2",
                "--conf", "ascore.partitions=1");
        String e = err.toString();
        assertEquals(1, code, e);
        // The job's error is the model's, not Spark's wrapper, with how many images it affected. Spark
        // retries the task (local[2,3]); each retry stops at its first batch, as the streak is per JVM.
        assertTrue(e.contains("SystematicModelError") && e.contains("simulated device fault"), e);
        assertTrue(e.matches("(?s).* in [345] consecutive batches \\(\\d+ images affected\\).*"), e);
        assertFalse(e.contains("Job aborted"), e);
        for (String table : new String[] {"scores", "summary"}) {
            Path dir = tmp.resolve("out").resolve(table);
            try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
                assertFalse(files.anyMatch(p -> p.toString().contains("run_id=broken")
                        && p.toString().endsWith(".parquet")), "no " + table + " rows for the failed run");
            }
        }
    }

    private JobConfig config(String model, String runId) {
        Map<String, String> cli = TestJobs.fast(tmp.resolve("real").toString(), "gen=" + tmp.resolve("gen"),
                tmp.resolve("out"), runId);
        cli.put("ascore.model", MODELS.resolve(model + ".conf").toString());
        cli.put("ascore.reuse", "false");
        return TestJobs.config(cli);
    }
}
