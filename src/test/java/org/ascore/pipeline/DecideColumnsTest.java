package org.ascore.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.cli.Main;
import org.ascore.stats.FeatureMoments;
import org.ascore.stats.FrechetDistance;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bootstrap, comparison and feature columns as a job writes them. */
class DecideColumnsTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void runOnce() throws IOException {
        spark = SparkTestSession.get();
        DemoData.copy("real", 16, tmp.resolve("real"));
        DemoData.copy("generated/pca-4", 12, tmp.resolve("gen-a"));
        DemoData.copy("generated/pca-64", 12, tmp.resolve("gen-b"));
        new ScoreJob(spark, TestJobs.config(settings("with", true))).run();
        new ScoreJob(spark, TestJobs.config(settings("without", false))).run();
    }

    static Map<String, String> settings(String runId, boolean features) {
        Map<String, String> cli = TestJobs.fast(tmp.resolve("real").toUri().toString(),
                "pca-4=" + tmp.resolve("gen-a") + ",pca-64=" + tmp.resolve("gen-b"), tmp.resolve("out"), runId);
        cli.put("ascore.bootstrap.replicates", "200");
        cli.put("ascore.output.features", Boolean.toString(features));
        cli.put("ascore.reuse", "false");
        return cli;
    }

    static Dataset<Row> table(String name, String runId) {
        return spark.read().parquet(tmp.resolve("out").resolve(name).toString()).where(col("run_id").equalTo(runId));
    }

    @Test
    void summaryIntervalsBracketAsAndFdMatchesTheScoresFeatures() {
        List<Row> rows = table("summary", "with").collectAsList();
        assertEquals(2, rows.size());
        Map<String, FeatureMoments> moments = Map.of("real", moments("real"), "pca-4", moments("pca-4"),
                "pca-64", moments("pca-64"));
        for (Row r : rows) {
            double d = r.getAs("as_d");
            double low = r.getAs("as_d_ci_low");
            double high = r.getAs("as_d_ci_high");
            assertTrue(low <= high && low <= d + 0.2 && high >= d - 0.2, low + " " + d + " " + high);
            assertEquals(200, (int) r.getAs("bootstrap_replicates"));
            double fd = r.getAs("fd");
            assertEquals(FrechetDistance.of(moments.get("real"), moments.get((String) r.getAs("source"))), fd,
                    1e-6 * fd); // sums in another order; singular covariances (n < d) amplify that
        }
    }

    /** The feature column read back row by row on the driver: a second path to the same moments. */
    private static FeatureMoments moments(String source) {
        List<Row> rows = table("scores", "with").where(col("source").equalTo(source).and(col("status").equalTo("ok")))
                .select("feature").collectAsList();
        FeatureMoments m = null;
        for (Row r : rows) {
            List<Float> boxed = r.getList(0);
            float[] x = new float[boxed.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = boxed.get(i);
            }
            if (m == null) {
                m = new FeatureMoments(x.length);
            }
            m.add(x);
        }
        return m;
    }

    @Test
    void comparisonsHaveBothOrderedPairs() {
        List<Row> rows = table("comparisons", "with").orderBy("source_a").collectAsList();
        assertEquals(2, rows.size());
        Row a = rows.get(0);
        Row b = rows.get(1);
        assertEquals("pca-4", a.getAs("source_a"));
        assertEquals("pca-64", a.getAs("source_b"));
        assertEquals((double) a.getAs("as_a") - (double) a.getAs("as_b"), (double) a.getAs("diff"), 0.0);
        assertEquals(-(double) a.getAs("diff"), (double) b.getAs("diff"), 0.0);
        assertEquals(-(double) a.getAs("diff_ci_low"), (double) b.getAs("diff_ci_high"), 1e-12);
        double closer = (double) a.getAs("p_a_closer") + (double) b.getAs("p_a_closer");
        assertTrue(closer <= 1 && closer > 0.5, "fractions of the two orders sum to " + closer);
    }

    @Test
    void theReportShowsIntervalsFdAndTheComparisonMatrix() throws IOException {
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", "--out",
                tmp.resolve("out").toString(), "--run-id", "with");
        assertEquals(0, rc, err.toString());
        String page = Files.readString(tmp.resolve("out").resolve("reports").resolve("with").resolve("index.html"));
        assertTrue(page.contains("AS 95 % interval"), "interval column");
        assertTrue(page.contains("<h3>Paired comparison</h3>"), "comparison matrix");
        assertTrue(page.contains("pca-64 is closer to real than pca-4 in "), "matrix cell of pca-64 against pca-4");
    }

    @Test
    void withoutFeaturesTheColumnAndFdAreNull() {
        assertEquals(0, table("scores", "without").where(col("feature").isNotNull()).count());
        assertEquals(0, table("summary", "without").where(col("fd").isNotNull()).count());
        Row ok = table("scores", "with").where(col("status").equalTo("ok")).first();
        assertTrue(ok.getList(ok.fieldIndex("feature")).size() > 1);
        assertNull(table("scores", "with").where(col("status").notEqual("ok")).select("feature").collectAsList()
                .stream().map(r -> r.get(0)).filter(x -> x != null).findFirst().orElse(null));
    }
}
