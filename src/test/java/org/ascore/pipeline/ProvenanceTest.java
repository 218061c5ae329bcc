package org.ascore.pipeline;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every summary row says what produced it; the expected values come from pom.xml and the model card. */
class ProvenanceTest {
    @TempDir
    Path tmp;

    @Test
    void theSummaryRecordsVersionEngineDeviceBatchSizeAndPrecision() throws IOException {
        SparkSession spark = SparkTestSession.get();
        DemoData.copy("real", 6, tmp.resolve("real"));
        DemoData.copy("generated/pca-16", 5, tmp.resolve("gen"));
        Map<String, String> cli = TestJobs.fast(tmp.resolve("real").toString(), "gen=" + tmp.resolve("gen"),
                tmp.resolve("out"), "provenance");
        cli.put("ascore.batch-size", "3");
        cli.put("ascore.device", "cpu");
        cli.put("ascore.reuse", "false");
        new ScoreJob(spark, TestJobs.config(cli)).run();

        List<Row> rows = CommittedTables.summary(spark, new RunPaths(tmp.resolve("out").toString())).collectAsList();
        assertEquals(1, rows.size());
        Row s = rows.get(0);
        String pom = Files.readString(Path.of("pom.xml"));
        assertEquals(first(pom, "<artifactId>ascore</artifactId>\\s*<version>([^<]+)</version>"),
                s.getAs("ascore_version"));
        assertEquals("DJL " + first(pom, "<djl.version>([^<]+)<") + ", libtorch " + first(pom,
                "<libtorch.version>([^<]+)<"), s.getAs("engine"));
        assertEquals("cpu", s.getAs("device"));
        assertEquals(3, s.<Integer>getAs("batch_size"));
        // The demo card declares no precision, and a card without one is float32.
        assertFalse(Files.readString(DemoData.CARD).contains("precision"));
        assertEquals("float32", s.getAs("precision"));
        assertTrue(CommittedTables.scores(spark, new RunPaths(tmp.resolve("out").toString()))
                .where("reused_from_run IS NOT NULL").isEmpty(), "nothing was reused");
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "pom.xml has no " + regex);
        return m.group(1);
    }
}
