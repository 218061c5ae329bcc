package org.ascore.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.ascore.stats.Ks2d;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline in Spark local mode on a small folder tree with bad files in it. */
class ScoreJobEndToEndTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static JobConfig cfg;
    static List<SourceSummary> first;
    static final int FILES = 12 + 2 + 10 + 10;

    @BeforeAll
    static void runOnce() throws IOException {
        spark = SparkTestSession.get();
        DemoData.copy("real", 12, tmp.resolve("real"));
        Files.write(tmp.resolve("real").resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
        Files.write(tmp.resolve("real").resolve("empty.png"), new byte[0]);
        Files.writeString(tmp.resolve("real").resolve("notes.txt"), "not matched by the glob");
        DemoData.copy("generated/pca-4", 10, tmp.resolve("gen-a").resolve("nested"));
        DemoData.copy("generated/pca-64", 10, tmp.resolve("gen-b"));
        cfg = config("e2e");
        first = new ScoreJob(spark, cfg).run().summaries();
    }

    static JobConfig config(String runId) {
        Map<String, String> cli = TestJobs.fast(tmp.resolve("real").toUri().toString(),
                "pca-4=" + tmp.resolve("gen-a") + ",pca-64=" + tmp.resolve("gen-b"), tmp.resolve("out"), runId);
        cli.put("ascore.batch-size", "8");
        cli.put("ascore.progress.interval-s", "1");
        return TestJobs.config(cli);
    }

    Dataset<Row> scores() {
        return spark.read().parquet(tmp.resolve("out").resolve("scores").toString()).where(col("run_id").equalTo(cfg.runId()));
    }

    @Test
    void everyInputFileHasExactlyOneRow() {
        assertEquals(FILES, scores().count());
        assertEquals(FILES, scores().select("path").distinct().count());
    }

    @Test
    void badFilesGetAStatusAndAnErrorInsteadOfFailingTheJob() {
        Row empty = scores().where(col("path").endsWith("empty.png")).first();
        assertEquals("empty_file", empty.getAs("status"));
        assertNull(empty.getAs("complexity"));
        Row corrupt = scores().where(col("path").endsWith("corrupt.png")).first();
        assertEquals("decode_error", corrupt.getAs("status"));
        assertNotNull(corrupt.getAs("error"));
        assertEquals(FILES - 2, scores().where(col("status").equalTo("ok")).count());
        Row ok = scores().where(col("status").equalTo("ok")).first();
        assertEquals(28, (int) ok.getAs("width"));
        assertEquals(64, ((String) ok.getAs("image_id")).length());
        assertEquals("fmnist-cnn", ok.getAs("feature_model"));
    }

    @Test
    void summaryDEqualsKs2dOnTheOkRows() {
        double[][] real = points("real");
        for (SourceSummary s : first) {
            double[][] gen = points(s.source());
            assertEquals(Ks2d.twoSample(real[0], real[1], gen[0], gen[1]).d(), s.d(), 1e-15);
            assertEquals(12, s.nReal());
            assertEquals(10, s.nGenerated());
            assertEquals(0, s.nFailed());
            assertEquals(2, s.nRealFailed());
        }
        Dataset<Row> summary = spark.read().parquet(tmp.resolve("out").resolve("summary").toString())
                .where(col("run_id").equalTo(cfg.runId()));
        assertEquals(2, summary.count());
        Row pca4 = summary.where(col("source").equalTo("pca-4")).first();
        assertEquals(first.get(0).d(), pca4.getAs("as_d"));
        assertEquals("real", pca4.getAs("reference"));
    }

    @Test
    void rankingsAreOrderedByDeviationFromTheRealSet() {
        List<Row> ranks = spark.read().parquet(tmp.resolve("out").resolve("rankings").toString())
                .where(col("run_id").equalTo(cfg.runId()).and(col("source").equalTo("pca-64")))
                .orderBy("rank").collectAsList();
        assertEquals(10, ranks.size());
        for (int i = 0; i < ranks.size(); i++) {
            Row r = ranks.get(i);
            assertEquals(i + 1, (int) r.getAs("rank"));
            double asI = r.getAs("as_i");
            assertEquals((double) r.getAs("vulnerability") / (double) r.getAs("complexity"), asI, 1e-12);
            double dev = r.getAs("asi_ref_dev");
            assertTrue(dev >= 0 && dev <= 1);
            if (i > 0) {
                assertTrue((double) ranks.get(i - 1).getAs("asi_ref_dev") >= dev);
            }
        }
    }

    @Test
    void rerunningTheSameRunIdReplacesItsRows() {
        JobConfig again = config("e2e-rerun");
        new ScoreJob(spark, again).run();
        List<SourceSummary> second = new ScoreJob(spark, again).run().summaries();
        Dataset<Row> rows = spark.read().parquet(tmp.resolve("out").resolve("scores").toString())
                .where(col("run_id").equalTo("e2e-rerun"));
        assertEquals(FILES, rows.count());
        assertEquals(2, spark.read().parquet(tmp.resolve("out").resolve("summary").toString())
                .where(col("run_id").equalTo("e2e-rerun")).count());
        // Per-image seeds make the numbers independent of the run and of partitioning.
        assertEquals(first.get(0).d(), second.get(0).d());
    }

    @Test
    void parquetTablesOfImageBytesAreInputsToo() throws IOException {
        List<Row> rows = new java.util.ArrayList<>();
        for (Path p : DemoData.copy("real", 6, tmp.resolve("for-table"))) {
            rows.add(org.apache.spark.sql.RowFactory.create("table://" + p.getFileName(), Files.readAllBytes(p)));
        }
        rows.add(org.apache.spark.sql.RowFactory.create("table://broken", new byte[] {1, 2, 3}));
        var schema = new org.apache.spark.sql.types.StructType()
                .add("key", org.apache.spark.sql.types.DataTypes.StringType)
                .add("bytes", org.apache.spark.sql.types.DataTypes.BinaryType);
        String table = tmp.resolve("table").toString();
        spark.createDataFrame(rows, schema).write().parquet(table);

        Map<String, String> cli = TestJobs.fast("parquet:" + table, "pca-4=" + tmp.resolve("gen-a"),
                tmp.resolve("out-table"), "table");
        cli.put("ascore.input.parquet-content-column", "bytes");
        cli.put("ascore.input.parquet-path-column", "key");
        List<SourceSummary> s = new ScoreJob(spark, TestJobs.config(cli)).run().summaries();
        assertEquals(6, s.get(0).nReal());
        assertEquals(1, s.get(0).nRealFailed());
        Row broken = spark.read().parquet(tmp.resolve("out-table").resolve("scores").toString())
                .where(col("path").equalTo("table://broken")).first();
        assertEquals("unsupported_format", broken.getAs("status"));
    }

    private double[][] points(String source) {
        List<Row> rows = scores().where(col("source").equalTo(source).and(col("status").equalTo("ok")))
                .select("complexity", "vulnerability").collectAsList();
        double[] c = new double[rows.size()];
        double[] v = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            c[i] = rows.get(i).getDouble(0);
            v[i] = rows.get(i).getDouble(1);
        }
        return new double[][] {c, v};
    }
}
