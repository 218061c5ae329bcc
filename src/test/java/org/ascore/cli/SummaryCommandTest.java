package org.ascore.cli;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascore.io.ResultSchemas;
import org.ascore.pipeline.RunCommit;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `ascore summary` reads a run back from the summary table and flags sources whose AS rose. */
class SummaryCommandTest {
    @TempDir
    static Path tmp;
    static String out;

    /** Three nightly runs of two sources: sg2 gets worse by 0.10 on the last, ddpm better by 0.01. */
    @BeforeAll
    static void writeSummaries() {
        SparkSession spark = SparkTestSession.get();
        out = tmp.resolve("out").toUri().toString();
        List<Row> rows = new ArrayList<>();
        rows.add(row("n1", "2026-11-01 02:15:00", "sg2", 0.30));
        rows.add(row("n1", "2026-11-01 02:15:00", "ddpm", 0.20));
        rows.add(row("n2", "2026-11-02 02:15:00", "sg2", 0.31));
        rows.add(row("n2", "2026-11-02 02:15:00", "ddpm", 0.15));
        rows.add(row("n3", "2026-11-03 02:15:00", "sg2", 0.41));
        rows.add(row("n3", "2026-11-03 02:15:00", "ddpm", 0.14));
        StructType nullable = (StructType) ResultSchemas.SUMMARY.asNullable();
        spark.createDataFrame(rows, nullable).withColumn(RunCommit.ATTEMPT, functions.lit("a1")).write()
                .mode(SaveMode.Append).partitionBy("feature_model", "run_id", RunCommit.ATTEMPT)
                .parquet(out + "/summary");
        // The commit records that make each run visible to readers, as the job writes them last.
        List<Row> commits = new ArrayList<>();
        for (String run : List.of("n1", "n2", "n3")) {
            commits.add(RowFactory.create(run, "fmnist-cnn", "a1", Timestamp.valueOf("2026-11-04 00:00:00"),
                    java.sql.Date.valueOf("2026-11-04"), "p", "sha", 0L, 2L, 0L, null, null));
        }
        spark.createDataFrame(commits, RunCommit.SCHEMA).write().mode(SaveMode.Append)
                .partitionBy("feature_model", "run_id").parquet(out + "/runs");
    }

    private static Row row(String runId, String ts, String source, double as) {
        Map<String, Object> v = Map.of("run_id", runId, "run_ts", Timestamp.valueOf(ts), "source", source,
                "as_d", as, "feature_model", "fmnist-cnn");
        StructField[] fields = ResultSchemas.SUMMARY.fields();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = v.get(fields[i].name());
        }
        return RowFactory.create(values);
    }

    @Test
    void flagsTheSourceWhoseAsRoseAndFailsOnlyWhenAsked() {
        String[] printed = new String[2];
        assertEquals(0, run(printed, "--out", out, "--run-id", "n3"));
        assertTrue(printed[0].lines().anyMatch(l -> l.matches("fmnist-cnn\\s+sg2\\s+0\\.4100\\s+0\\.3100\\s+n2\\s+WORSE")),
                printed[0]);
        assertTrue(printed[0].lines().anyMatch(l -> l.matches("fmnist-cnn\\s+ddpm\\s+0\\.1400\\s+0\\.1500\\s+n2")),
                printed[0]);
        assertTrue(printed[1].contains("1 source(s) of run n3 got worse"), printed[1]);

        assertEquals(SummaryCommand.EXIT_REGRESSION, run(printed, "--out", out, "--run-id", "n3", "--fail-on-regression"));
        // A rise of 0.10 is within a threshold of 0.2.
        assertEquals(0, run(printed, "--out", out, "--run-id", "n3", "--fail-on-regression",
                "--regression-threshold", "0.2"));
        assertFalse(printed[0].contains("WORSE"), printed[0]);
    }

    @Test
    void theFirstRunHasNothingToCompareWith() {
        String[] printed = new String[2];
        assertEquals(0, run(printed, "--out", out, "--run-id", "n1", "--fail-on-regression"));
        assertTrue(printed[0].lines().anyMatch(l -> l.matches("fmnist-cnn\\s+sg2\\s+0\\.3000\\s+-\\s+-")), printed[0]);
    }

    @Test
    void anUnknownRunIsAConfigurationError() {
        String[] printed = new String[2];
        assertEquals(Main.EXIT_CONFIG, run(printed, "--out", out, "--run-id", "nope"));
        assertTrue(printed[1].contains("no summary rows of run nope"), printed[1]);
    }

    private static int run(String[] printed, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = new CommandLine(new SummaryCommand());
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        int rc = cli.execute(args);
        printed[0] = o.toString();
        printed[1] = e.toString();
        return rc;
    }
}
