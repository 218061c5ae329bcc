package org.ascore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.ascore.config.Param;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's contract: output on stdout, messages on stderr, exit codes 0 / 1 / 2 / 3, its help. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void ksPrintsExactlyOneJsonObjectWithTheExpectedValues() throws Exception {
        Path dir = Path.of("src", "test", "resources", "ks", "case-03");
        Result r = run("ks", "--real-csv", dir.resolve("real.csv").toString(),
                "--generated-csv", dir.resolve("generated.csv").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        ObjectMapper json = new ObjectMapper();
        JsonNode got = json.readTree(r.out());
        JsonNode expected = json.readTree(dir.resolve("expected.json").toFile());
        assertEquals(expected.get("n_real").asInt(), got.get("n_real").asInt());
        assertEquals(expected.get("n_generated").asInt(), got.get("n_generated").asInt());
        assertEquals(expected.get("d").asDouble(), got.get("d").asDouble(), 1e-12);
        assertEquals(expected.get("p_value").asDouble(), got.get("p_value").asDouble(),
                1e-9 * expected.get("p_value").asDouble());
    }

    @Test
    void ksPrintsNullPValueForAConstantColumn() throws Exception {
        Path real = Files.writeString(tmp.resolve("r.csv"), "c,v\n1,0.5\n1,0.6\n1,0.7\n");
        Path gen = Files.writeString(tmp.resolve("g.csv"), "c,v\n0.2,0.5\n0.3,0.1\n0.4,0.9\n");
        Result r = run("ks", "--real-csv", real.toString(), "--generated-csv", gen.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"p_value\":null"), r.out());
    }

    @Test
    void ksRejectsABadCsvWithExitTwoAndTheLine() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "c,v\n1,2\nx,3\n");
        Result r = run("ks", "--real-csv", bad.toString(), "--generated-csv", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.csv") && r.err().contains("3"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownConfigKeyExitsTwoNamingTheKey() {
        Result r = run("score", "--real", "src/demo/real", "--generated", "a=src/demo/generated/pca-4",
                "--model", "conf/models/fmnist-cnn.conf", "--out", tmp.toString(), "--conf", "ascore.colour=blue");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("ascore.colour"), r.err());
    }

    @Test
    void negativeStepsExitTwoNamingTheKey() {
        Result r = run("score", "--real", "src/demo/real", "--generated", "a=src/demo/generated/pca-4",
                "--model", "conf/models/fmnist-cnn.conf", "--out", tmp.toString(),
                "--conf", "spark.ascore.vulnerability.steps=-3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("ascore.vulnerability.steps"), r.err());
    }

    @Test
    void missingModelExitsTwoNamingTheKey() {
        Result r = run("score", "--real", "src/demo/real", "--generated", "a=src/demo/generated/pca-4",
                "--out", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("ascore.model"), r.err());
    }

    @Test
    void aModelFileWhoseChecksumDoesNotMatchItsCardIsRefusedBeforeAnyWork() throws Exception {
        String card = Files.readString(Path.of("conf", "models", "fmnist-cnn.conf"))
                .replaceAll("sha256 = \"[0-9a-f]{64}\"", "sha256 = \"" + "0".repeat(64) + "\"")
                .replace("../../src/demo/models/fmnist-cnn.pt", Path.of("src/demo/models/fmnist-cnn.pt").toAbsolutePath().toString());
        Path tampered = Files.writeString(tmp.resolve("tampered.conf"), card);
        Result r = run("score", "--real", "src/demo/real", "--generated", "a=src/demo/generated/pca-4",
                "--model", tampered.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("ascore.model") && r.err().contains("refusing"), r.err());
        assertTrue(Files.notExists(tmp.resolve("out").resolve("scores")), "nothing was scored");
    }

    @Test
    void repeatedInputFlagsAreOneUriEachCommasIncluded() {
        ScoreCommand score = new ScoreCommand();
        new CommandLine(score).parseArgs("--real", "/data/real,2024", "--real", "/data/more", "--generated",
                "gan=s3a://bucket/gan,v1", "--generated", "gan=/data/gan2", "--model", "m.conf", "--out", "/tmp/o");
        JobConfig cfg = score.resolveConfig(new SparkConf(false));
        assertEquals(List.of("/data/real,2024", "/data/more"), cfg.real());
        assertEquals(List.of("s3a://bucket/gan,v1", "/data/gan2"), cfg.generated().get("gan"));
    }

    @Test
    void unknownOptionExitsTwo() {
        assertEquals(2, run("score", "--no-such-option").code());
    }

    // ---- help -------------------------------------------------------------------------------------

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        for (String[] args : List.of(new String[] {"help"}, new String[] {"--help"})) {
            Result r = run(args);
            assertEquals(0, r.code(), r.err());
            for (String expected : List.of("score", "ks", "report", "help", "Exit codes:", "  0 ", "  1 ", "  2 ",
                    "  3 ", "Examples:", "ascore help score")) {
                assertTrue(r.out().contains(expected), "'" + expected + "' missing from:\n" + r.out());
            }
            assertLaidOut(r.out());
        }
    }

    @Test
    void helpOfACommandIsItsUsage() {
        for (String command : List.of("score", "ks", "report")) {
            Result help = run("help", command);
            assertEquals(0, help.code(), help.err());
            assertEquals(run(command, "--help").out(), help.out(), command);
            assertTrue(help.out().contains("Usage: ascore " + command), help.out());
            assertEquals(2, help.out().lines().filter(l -> l.startsWith("  ascore " + command + " ")).count(),
                    "two examples of " + command + ":\n" + help.out());
            assertTrue(help.out().contains("Exit codes:"), help.out());
            assertLaidOut(help.out());
        }
    }

    @Test
    void scoreHelpMarksTheRequiredOptionsAndShowsTheDefaults() {
        String help = run("help", "score").out();
        for (String option : List.of("--real=<uri>", "--generated=<label>=<uri>", "--model=<file>", "--out=<uri>")) {
            assertTrue(Pattern.compile(Pattern.quote(option) + "\\S*\\s+Required\\.").matcher(help).find(),
                    option + " is not marked as required:\n" + help);
        }
        assertTrue(help.contains("Usage: ascore score --real <uri> --generated <label>=<uri> --model <file> --out <uri>"),
                help);
        assertTrue(help.contains("Default: " + JobConfig.Key.DEVICE.defaultValue() + ","), help);
        assertTrue(help.contains("Default: the start time and a random suffix"), "run id default:\n" + help);
        assertTrue(help.contains("Default: the model card's batch_size"), help);
        assertTrue(help.contains("Default: local[*]"), help);
        for (int code = 0; code <= 3; code++) {
            assertTrue(help.contains("\n  " + code + "   "), "exit code " + code + ":\n" + help);
        }
    }

    @Test
    void scoreHelpListsEverySettingWithItsDefaultAndAllowedValues() {
        String help = run("help", "score").out();
        String joined = help.replaceAll("\\s*\\n\\s*", " ");
        for (Param<?> p : JobConfig.Key.ALL) {
            String head = "\n  " + p.key() + (p.isRequired() ? " (required)\n" : " = " + p.defaultHocon() + "\n");
            assertTrue(help.contains(head), head + " missing from:\n" + help);
            assertTrue(joined.contains(p.help() + ". Allowed: " + p.allowed() + "."), p.key() + ":\n" + help);
        }
        assertTrue(help.indexOf("Settings, with their defaults") < help.indexOf("Exit codes:"), help);
    }

    @Test
    void noCommandIsABadArgumentWithTheUsage() {
        Result r = run();
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("missing command") && r.err().contains("Usage: ascore"), r.err());
        assertEquals("", r.out());
        assertEquals(Main.EXIT_CONFIG, run("help", "no-such-command").code());
    }

    /** Lines fit the help width and no placeholder or key is broken across lines. */
    private static void assertLaidOut(String help) {
        help.lines().forEach(l -> assertTrue(l.length() <= Main.HELP_WIDTH, "longer than " + Main.HELP_WIDTH + ": " + l));
        String joined = help.replaceAll("\\s*\\n\\s*", "");
        for (String token : List.of("spark.ascore.<key>", "ascore.<key>=<value>", "parquet:<uri>", "<label>=<uri>",
                "gpu(<n>)", "{\"n_real\":N,\"n_generated\":M,\"d\":D,\"p_value\":P}")) {
            if (joined.contains(token)) {
                assertTrue(help.contains(token), "'" + token + "' is broken across lines in:\n" + help);
            }
        }
    }

    // ---- ks errors -----------------------------------------------------------------------------------

    @Test
    void ksNamesAMissingFile() throws Exception {
        Path good = Files.writeString(tmp.resolve("good.csv"), "c,v\n1,2\n2,3\n");
        Result r = run("ks", "--real-csv", tmp.resolve("nope.csv").toString(), "--generated-csv", good.toString());
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("--real-csv") && r.err().contains("nope.csv") && r.err().contains("no such file"),
                r.err());
        r = run("ks", "--real-csv", good.toString(), "--generated-csv", tmp.toString());
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("--generated-csv") && r.err().contains("folder"), r.err());
    }

    @Test
    void ksSaysWhichColumnTheHeaderLacks() throws Exception {
        Path good = Files.writeString(tmp.resolve("good.csv"), "c,v\n1,2\n2,3\n");
        Path noHeader = Files.writeString(tmp.resolve("noheader.csv"), "1,2\n2,3\n");
        Result r = run("ks", "--real-csv", good.toString(), "--generated-csv", noHeader.toString());
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("--generated-csv") && r.err().contains("noheader.csv:1")
                && r.err().contains("header has no column 'c'"), r.err());
        assertEquals("", r.out());
    }

    // ---- exit codes of score -------------------------------------------------------------------------

    @Test
    void aBrokenConfigOrModelCardExitsTwoBeforeSparkStarts() throws Exception {
        // No session to reuse, and a master Spark cannot parse: had Spark been started, this would exit 1.
        SparkTestSession.stop();
        String card = Files.readString(DemoData.CARD);
        Path syntax = Files.writeString(tmp.resolve("syntax.conf"), card + "\nbroken = {\n");
        Path value = Files.writeString(tmp.resolve("value.conf"), card.replaceFirst("channels\\s*=\\s*1", "channels = 5"));
        assertTrue(!Files.readString(value).equals(card), "the card sets channels = 1");
        for (Path bad : List.of(syntax, value)) {
            Result r = run("score", "--real", "src/demo/real", "--generated", "a=src/demo/generated/pca-4",
                    "--model", bad.toString(), "--out", tmp.resolve("out").toString(), "--master", "no-such-master");
            assertEquals(Main.EXIT_CONFIG, r.code(), r.err());
            assertTrue(r.err().contains(bad.getFileName().toString()), r.err());
            assertFalse(r.err().contains("no-such-master"), "Spark was started: " + r.err());
            assertTrue(SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty());
        }
        assertTrue(run("score", "--real", "src/demo/real", "--generated", "a=src/demo/generated/pca-4", "--model",
                syntax.toString(), "--out", tmp.toString()).err().contains("cannot parse model card"));
        Path config = Files.writeString(tmp.resolve("job.conf"), "ascore {\n  seed = 1\n");
        Result r = run("score", "--real", "src/demo/real", "--generated", "a=src/demo/generated/pca-4", "--model",
                DemoData.CARD.toString(), "--out", tmp.resolve("out").toString(), "--config", config.toString(),
                "--master", "no-such-master");
        assertEquals(Main.EXIT_CONFIG, r.code(), r.err());
        assertTrue(r.err().contains("job.conf") && !r.err().contains("no-such-master"), r.err());
        assertTrue(Files.notExists(tmp.resolve("out")), "nothing was written");
    }

    @Test
    void aFailedReportAfterCommittedResultsExitsThree() throws Exception {
        SparkTestSession.get();
        DemoData.copy("real", 4, tmp.resolve("real"));
        DemoData.copy("generated/pca-4", 4, tmp.resolve("gen"));
        Path out = tmp.resolve("out");
        // The report's folder cannot be created: a file stands where it should go.
        Files.createDirectories(out);
        Files.writeString(out.resolve("reports"), "in the way");
        String[] score = {"score", "--real", tmp.resolve("real").toString(), "--generated",
            "g=" + tmp.resolve("gen"), "--model", DemoData.CARD.toString(), "--out", out.toString(),
            "--run-id", "r1", "--conf", "ascore.complexity.steps=3", "--conf", "ascore.vulnerability.steps=2"};
        Result r = run(score);
        assertEquals(Main.EXIT_REPORT, r.code(), r.err());
        assertTrue(r.err().contains("report failed") && r.err().contains("ascore report --out " + out + " --run-id r1"),
                r.err());
        assertTrue(r.out().contains("Anomaly Score, run r1"), "the summary is printed: " + r.out());
        assertEquals(8, SparkTestSession.get().read().parquet(out.resolve("scores").toString())
                .where("run_id = 'r1'").count());
        // The results are complete: the report can be built from them once the way is clear.
        Files.delete(out.resolve("reports"));
        Result report = run("report", "--out", out.toString(), "--run-id", "r1");
        assertEquals(0, report.code(), report.err());
        assertTrue(Files.isRegularFile(out.resolve("reports").resolve("r1").resolve("index.html")));
    }
}
