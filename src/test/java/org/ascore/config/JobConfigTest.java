package org.ascore.config;

import org.ascore.metric.AttackDirection;
import org.ascore.metric.MetricParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobConfigTest {
    @TempDir
    Path tmp;

    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("ascore.real", "/data/real");
        m.put("ascore.generated", "gan=/data/gan,vae=/data/vae,gan=/data/gan2");
        m.put("ascore.model", "conf/models/fmnist-cnn.conf");
        m.put("ascore.out", "/tmp/out");
        return m;
    }

    @Test
    void defaultsAreTheSpecDefaults() {
        JobConfig c = JobConfig.resolve(null, Map.of(), minimal());
        assertEquals(MetricParams.DEFAULT, c.metric());
        assertEquals(List.of("/data/gan", "/data/gan2"), c.generated().get("gan"));
        assertEquals(List.of("gan", "vae"), List.copyOf(c.generated().keySet()));
        assertEquals("auto", c.device());
        assertTrue(c.runId().matches("\\d{8}-\\d{6}-[0-9a-f]{6}"), c.runId());
    }

    @Test
    void theBundledConfFileHoldsExactlyTheDefaults() {
        JobConfig fromFile = JobConfig.resolve(Path.of("conf", "ascore.conf"), Map.of(), minimal());
        JobConfig defaults = JobConfig.resolve(null, Map.of(), minimal());
        assertEquals(defaults.metric(), fromFile.metric());
        assertEquals(defaults.inputGlob(), fromFile.inputGlob());
        assertEquals(defaults.maxPixels(), fromFile.maxPixels());
        assertEquals(defaults.rankingOrder(), fromFile.rankingOrder());
    }

    @Test
    void commandLineBeatsSparkConfBeatsFile() throws IOException {
        Path file = tmp.resolve("job.properties");
        Files.writeString(file, "ascore.vulnerability.direction=ascent\nascore.complexity.steps=5\nseed=3\n");
        Map<String, String> cli = minimal();
        cli.put("ascore.complexity.steps", "7");
        JobConfig c = JobConfig.resolve(file, Map.of("spark.ascore.seed", "9", "spark.ascore.complexity.steps", "6"), cli);
        assertEquals(AttackDirection.ASCENT, c.metric().vulnerability().direction());
        assertEquals(7, c.metric().complexity().steps());
        assertEquals(9, c.metric().seed());
    }

    @Test
    void listItemsKeepTheirCommas() throws IOException {
        Map<String, Object> cli = new HashMap<>(minimal());
        cli.put("ascore.real", List.of("s3a://b/real,2024", "/data/real"));
        cli.put("ascore.generated", List.of("gan=s3a://b/gan,v1", "vae=/data/vae"));
        JobConfig c = JobConfig.resolve(null, Map.of(), cli);
        assertEquals(List.of("s3a://b/real,2024", "/data/real"), c.real());
        assertEquals(Map.of("gan", List.of("s3a://b/gan,v1"), "vae", List.of("/data/vae")), c.generated());

        Map<String, Object> rest = Map.of("ascore.model", "m.conf", "ascore.out", "/tmp/out");
        Path hocon = Files.writeString(tmp.resolve("job.conf"),
                "ascore.real = [\"/data/a,b\"]\ngenerated = [\"x=/g,1\", \"x=/h\"]\n");
        JobConfig fromFile = JobConfig.resolve(hocon, Map.of(), rest);
        assertEquals(List.of("/data/a,b"), fromFile.real());
        assertEquals(List.of("/g,1", "/h"), fromFile.generated().get("x"));

        // The Spark conf and .properties files hold strings: a HOCON list in one, or numbered items.
        Path props = Files.writeString(tmp.resolve("job.properties"), "ascore.real.0=/p,1\nascore.real.1=/p2\n");
        JobConfig fromProps = JobConfig.resolve(props, Map.of("spark.ascore.generated", "[\"y=/s,1\"]"), rest);
        assertEquals(List.of("/p,1", "/p2"), fromProps.real());
        assertEquals(List.of("/s,1"), fromProps.generated().get("y"));
    }

    @Test
    void unknownKeyIsNamed() {
        Map<String, String> cli = minimal();
        cli.put("ascore.complexity.stepz", "3");
        ConfigException e = assertThrows(ConfigException.class, () -> JobConfig.resolve(null, Map.of(), cli));
        assertEquals("ascore.complexity.stepz", e.key());
        assertTrue(e.getMessage().contains("known keys"), e.getMessage());
    }

    @Test
    void badValuesNameTheKeyAndTheAllowedValues() {
        assertKey("ascore.complexity.steps", "must be in 2..1000", "ascore.complexity.steps", "-1");
        assertKey("ascore.vulnerability.direction", "[reference, ascent]", "ascore.vulnerability.direction", "up");
        assertKey("ascore.vulnerability.budget", "must be in (0, 1]", "ascore.vulnerability.budget", "2");
        assertKey("ascore.vulnerability.jitter", "budget", "ascore.vulnerability.jitter", "0.5");
        assertKey("ascore.device", "cpu, gpu", "ascore.device", "tpu");
        assertKey("ascore.generated", "label=URI", "ascore.generated", "/no/label");
        assertKey("ascore.generated", "real set's label", "ascore.generated", "real=/x");
        assertKey("ascore.run-id", "letters", "ascore.run-id", "../../etc");
        assertKey("ascore.ranking.order", "ref-dev or as-i", "ascore.ranking.order", "random");
        assertKey("ascore.batch-size", "integer", "ascore.batch-size", "many");
        assertKey("ascore.model", "is required", "ascore.model", "");
        assertKey("ascore.real", "at least one", "ascore.real", "");
    }

    private static void assertKey(String key, String fragment, String setKey, String value) {
        Map<String, String> cli = minimal();
        cli.put(setKey, value);
        ConfigException e = assertThrows(ConfigException.class, () -> JobConfig.resolve(null, Map.of(), cli));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void modelCardErrorsNameTheCardKey() throws IOException {
        Path card = tmp.resolve("bad.conf");
        Files.writeString(card, "name = x\nfile = m.pt\nsha256 = \"" + "a".repeat(64) + "\"\nchannels = 2\nresize = 8\n"
                + "crop = 8\nmean = [0, 0]\nstd = [1, 1]\nfeature_dim = 4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ModelCard.load(card));
        assertEquals("channels", e.key());
        assertTrue(e.getMessage().contains(card.toString()), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ModelCard.load(tmp.resolve("none.conf")));
        assertEquals("ascore.model", missing.key());
    }

    @Test
    void bundledModelCardLoadsAndResolvesItsFileRelativeToTheCard() {
        ModelCard card = ModelCard.load(Path.of("conf", "models", "fmnist-cnn.conf"));
        assertEquals("fmnist-cnn", card.name());
        assertTrue(Files.isRegularFile(Path.of(card.fileUri())), card.file());
        assertEquals(64, card.featureDim());
        assertEquals("float32", card.precision());
    }
}
