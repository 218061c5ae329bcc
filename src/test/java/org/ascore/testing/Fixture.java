package org.ascore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ascore.config.ModelCard;
import org.ascore.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference fixture written by src/test/python/make_models.py: a TorchScript model, its card
 * values, and per-case inputs (image, noise, jitter) with the values PyTorch computed for them.
 */
public record Fixture(String name, Path modelFile, ModelCard card, List<Case> cases) {

    public record Case(float[] image, float[] noise, float[] jitter, float[] features, double complexity,
                       double vulnerabilityReference, double vulnerabilityAscent) {
    }

    public static Path modelsDir() {
        return Path.of("src", "test", "resources", "models");
    }

    public static Fixture load(String name) {
        Path json = modelsDir().resolve(name + ".fixture.json");
        try {
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            String model = root.get("model").asText();
            Path file = model.startsWith("src/") ? Path.of(model) : modelsDir().resolve(model);
            String sha;
            try (InputStream in = Files.newInputStream(file)) {
                sha = Sha256.hex(in);
            }
            int channels = root.get("channels").asInt();
            int size = root.get("height").asInt();
            ModelCard card = new ModelCard(name, file.toAbsolutePath().toUri().toString(), sha, channels, size, size,
                    floats(root.get("mean")), floats(root.get("std")), root.get("feature_dim").asInt(), 8, "test",
                    root.has("precision") ? root.get("precision").asText() : "float32");
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                cases.add(new Case(floats(c.get("image")), floats(c.get("noise")), floats(c.get("jitter")),
                        floats(c.get("features")), c.get("complexity").asDouble(),
                        c.get("vulnerability_reference").asDouble(), c.get("vulnerability_ascent").asDouble()));
            }
            return new Fixture(name, file, card, cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
