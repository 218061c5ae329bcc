package org.ascore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's contract: output on stdout, messages on stderr, exit codes 0 / 1 / 2. */
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
    void unknownOptionExitsTwo() {
        assertEquals(2, run("score", "--no-such-option").code());
    }
}
