package org.ascore.reliability;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.notebooks.NotebookQueries;
import org.ascore.pipeline.CommittedTables;
import org.ascore.pipeline.RunPaths;
import org.ascore.pipeline.ScoreJob;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A rerun of a run id that is SIGKILLed at any point leaves the previous complete run visible,
 * unchanged, to every reader (the committed-table readers and every notebook query); the next
 * rerun then replaces it and deletes what the killed attempts left. The rerun runs {@code ascore
 * score} in a child JVM, killed while it scores, while score files are being written, and after
 * the scores are written but before the commit.
 */
class RerunAtomicityTest {
    private static final String RUN = "nightly";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void aKilledRerunLeavesThePreviousRunVisibleAndTheNextRerunReplacesIt() throws Exception {
        SparkSession spark = SparkTestSession.get();
        DemoData.copy("real", 8, tmp.resolve("real"));
        DemoData.copy("generated/pca-4", 8, tmp.resolve("gen"));
        Path out = tmp.resolve("out");
        RunPaths paths = new RunPaths(out.toString());

        new ScoreJob(spark, TestJobs.config(settings("0"))).run();
        Snapshot before = Snapshot.of(spark, paths);
        Map<String, List<String>> notebooksBefore = NotebookQueries.results(spark, out.toString());
        assertEquals(16, before.scores.size());
        String committed = only(attempts(out.resolve("runs")));

        // While tasks score: the job has logged its plan and the write has not committed.
        killRerun("scoring", log -> log.contains("Scoring 16 files"));
        assertUnchanged(spark, paths, before, committed);
        // While score files are being written: a task's file is open under _temporary.
        killRerun("scores write", log -> hasFile(out.resolve("scores").resolve("_temporary"), ".parquet"));
        assertUnchanged(spark, paths, before, committed);
        // After the scores are written, while the summary and rankings are: the attempt's folder is there.
        killRerun("aggregates", log -> attemptFolders(out.resolve("scores")).size() > 1);
        assertUnchanged(spark, paths, before, committed);
        assertTrue(attemptFolders(out.resolve("scores")).size() > 1, "the killed attempt left its score rows");
        // What all three kills left behind together, seen through every notebook query.
        assertEquals(notebooksBefore, NotebookQueries.results(spark, out.toString()),
                "every notebook query shows the previous run");

        new ScoreJob(spark, TestJobs.config(settings("7"))).run();
        Snapshot after = Snapshot.of(spark, paths);
        String replacement = only(attempts(out.resolve("runs")));
        assertNotEquals(committed, replacement);
        assertEquals(16, after.scores.size());
        assertEquals(Set.of(replacement), after.attempts);
        assertNotEquals(before.scores, after.scores, "another seed, other complexities");
        for (String table : List.of("scores", "summary", "rankings")) {
            assertEquals(Set.of(replacement), attemptFolders(out.resolve(table)),
                    table + ": the superseded and the killed attempts are deleted");
        }
        assertEquals(1, files(out.resolve("runs"), ".parquet").size(), "one commit record left");
        assertFalse(Files.exists(out.resolve("scores").resolve("_temporary")), "the killed write's leftovers");
    }

    /** Starts {@code ascore score} of the same run id with another seed and SIGKILLs it once {@code ready}. */
    private void killRerun(String phase, java.util.function.Predicate<String> ready) throws Exception {
        Path log = tmp.resolve("rerun-" + phase.replace(' ', '-') + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(Files.readString(Path.of("target", "launcher", "jvm.options")).trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.ascore.cli.Main", "score",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1"));
        settings("7").forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitFor(() -> ready.test(read(log)) || !p.isAlive(), phase, log);
            assertTrue(p.isAlive(), "the rerun ended before the kill (" + phase + "):\n" + tail(log));
            p.destroyForcibly();
            p.waitFor();
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, p.exitValue(), "SIGKILL");
    }

    private void assertUnchanged(SparkSession spark, RunPaths paths, Snapshot before, String committed) {
        Snapshot now = Snapshot.of(spark, paths);
        assertEquals(before.scores, now.scores);
        assertEquals(before.summary, now.summary);
        assertEquals(before.rankings, now.rankings);
        assertEquals(Set.of(committed), now.attempts);
        assertEquals(committed, only(attempts(tmp.resolve("out").resolve("runs"))), "no new commit record");
    }

    /** What the committed-table readers return, each row as a string without the attempt column, sorted. */
    private record Snapshot(List<String> scores, List<String> summary, List<String> rankings, Set<String> attempts) {
        static Snapshot of(SparkSession spark, RunPaths paths) {
            Set<String> attempts = new TreeSet<>();
            CommittedTables.scores(spark, paths).select("attempt").distinct().collectAsList()
                    .forEach(r -> attempts.add(r.getString(0)));
            return new Snapshot(rows(CommittedTables.scores(spark, paths)), rows(CommittedTables.summary(spark, paths)),
                    rows(CommittedTables.rankings(spark, paths)), attempts);
        }

        private static List<String> rows(Dataset<Row> rows) {
            return rows.drop("attempt").collectAsList().stream().map(Row::toString).sorted().toList();
        }
    }

    private Map<String, String> settings(String seed) {
        Map<String, String> s = TestJobs.fast(tmp.resolve("real").toString(), "gen=" + tmp.resolve("gen"),
                tmp.resolve("out"), RUN);
        s.put("ascore.seed", seed);
        s.put("ascore.batch-size", "2");
        s.put("ascore.reuse", "false");
        return s;
    }

    private static void waitFor(BooleanSupplier condition, String phase, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the rerun did not reach the " + phase + " within " + TIMEOUT + ":\n" + tail(log));
            }
            Thread.sleep(5);
        }
    }

    /** Attempt ids named by the commit records under runs/. */
    private static List<String> attempts(Path runs) {
        SparkSession spark = SparkTestSession.get();
        return spark.read().parquet(runs.toString()).where(col("run_id").equalTo(RUN)).select("attempt")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }

    /** The attempt=... folder names of the run under a table. */
    private static Set<String> attemptFolders(Path table) {
        try (Stream<Path> all = Files.exists(table) ? Files.walk(table) : Stream.empty()) {
            return all.filter(p -> !p.toString().contains("_temporary") && Files.isDirectory(p)
                            && p.getFileName().toString().startsWith("attempt="))
                    .map(p -> p.getFileName().toString().substring("attempt=".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException | java.io.UncheckedIOException e) {
            // A folder that the child JVM renames while we walk it: look again.
            return Set.of();
        }
    }

    private static boolean hasFile(Path dir, String suffix) {
        return !files(dir, suffix).isEmpty();
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> all = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            return all.filter(p -> p.toString().endsWith(suffix)).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            // A folder that the child JVM renames while we walk it: not there yet.
            return List.of();
        }
    }

    private static <T> T only(List<T> items) {
        assertEquals(1, items.size(), "exactly one: " + items);
        return items.get(0);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        List<String> lines = read(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
