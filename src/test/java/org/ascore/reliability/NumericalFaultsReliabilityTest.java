package org.ascore.reliability;

import ai.djl.Device;
import org.ascore.Status;
import org.ascore.config.ModelCard;
import org.ascore.metric.ImageScore;
import org.ascore.metric.MetricParams;
import org.ascore.model.DjlFeatureModel;
import org.ascore.util.Sha256;
import org.ascore.testing.SeededScoring;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** NaN/Inf features and zero feature differences become statuses, never NaN in the tables. */
class NumericalFaultsReliabilityTest {

    static DjlFeatureModel load(String name) throws IOException {
        Path file = Path.of("src", "test", "resources", "models", name + ".pt");
        String sha;
        try (InputStream in = Files.newInputStream(file)) {
            sha = Sha256.hex(in);
        }
        ModelCard card = new ModelCard(name, file.toUri().toString(), sha, 1, 4, 4, new float[] {0},
                new float[] {1}, 2, 8, "test", "float32");
        return DjlFeatureModel.load(file, card.spec(), Device.cpu(), 64);
    }

    static float[] grey(float v) {
        float[] img = new float[16];
        Arrays.fill(img, v);
        return img;
    }

    @Test
    void nonFiniteFeaturesGetAStatusAndNullValuesWhileTheRestOfTheBatchIsScored() throws IOException {
        try (DjlFeatureModel model = load("nonfinite")) {
            List<ImageScore> s = SeededScoring.score(model, MetricParams.DEFAULT,
                    List.of("dark", "bright"), List.of(grey(0.2f), grey(0.9f)));
            assertEquals(Status.NONFINITE_FEATURES, s.get(0).status());
            assertNull(s.get(0).complexity());
            assertNull(s.get(0).vulnerability());
            assertNull(s.get(0).asI());
            assertEquals(Status.OK, s.get(1).status());
            assertNotNull(s.get(1).vulnerability());
        }
    }

    @Test
    void zeroFeatureDifferencesMakeComplexityUndefinedNotNaN() throws IOException {
        try (DjlFeatureModel model = load("constant")) {
            ImageScore s = SeededScoring.score(model, MetricParams.DEFAULT, List.of("x"), List.of(grey(0.5f))).get(0);
            assertEquals(Status.DEGENERATE_FEATURES, s.status());
            assertNull(s.complexity());
            assertNull(s.asI());
            assertEquals(0.0, s.vulnerability());
        }
    }
}
