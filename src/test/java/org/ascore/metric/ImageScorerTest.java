package org.ascore.metric;

import org.ascore.Status;
import org.ascore.model.DjlFeatureModel;
import org.ascore.testing.Fixture;
import org.ascore.testing.TestModels;
import org.ascore.testing.SeededScoring;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ImageScorerTest {

    @Test
    void anImageScoredAloneEqualsTheSameImageInsideABatchOfEight() {
        // float64: in float32 the batch size changes the kernels' rounding, which the attack's sign()
        // amplifies (see VulnerabilityTest).
        Fixture f = Fixture.load("fmnist-cnn_f64");
        List<float[]> images = randomImages(8, 784, 1);
        images.set(5, f.cases().get(0).image());
        List<String> ids = ids(8);
        try (DjlFeatureModel model = TestModels.load(f)) {
            List<ImageScore> batch = SeededScoring.score(model, MetricParams.DEFAULT, ids, images);
            ImageScore alone = SeededScoring.score(model, MetricParams.DEFAULT, List.of(ids.get(5)), List.of(images.get(5))).get(0);
            assertEquals(alone.complexity(), batch.get(5).complexity(), 1e-5 * alone.complexity());
            assertEquals(alone.vulnerability(), batch.get(5).vulnerability(), 1e-5 * alone.vulnerability());
            assertEquals(Status.OK, batch.get(5).status());
        }
    }

    @Test
    void theScoreCarriesTheCleanImagesFeatureFromPyTorch() {
        Fixture f = Fixture.load("fmnist-cnn_f64");
        try (DjlFeatureModel model = TestModels.load(f)) {
            for (Fixture.Case c : f.cases()) {
                ImageScore s = new ImageScorer(model, MetricParams.DEFAULT)
                        .score(new float[][] {c.image()}, new float[][] {c.noise()}, new float[][] {c.jitter()}).get(0);
                assertEquals(c.features().length, s.feature().length);
                for (int i = 0; i < c.features().length; i++) {
                    assertEquals(c.features()[i], s.feature()[i], 1e-5 * Math.max(1, Math.abs(c.features()[i])));
                }
            }
        }
    }

    @Test
    void sameSeedGivesTheSameNumbersAndADifferentImageIdGivesDifferentNoise() {
        Fixture f = Fixture.load("relu");
        float[] image = f.cases().get(0).image();
        try (DjlFeatureModel model = TestModels.load(f)) {
            ImageScore a = SeededScoring.score(model, MetricParams.DEFAULT, List.of("img-a"), List.of(image)).get(0);
            ImageScore again = SeededScoring.score(model, MetricParams.DEFAULT, List.of("img-a"), List.of(image)).get(0);
            ImageScore otherId = SeededScoring.score(model, MetricParams.DEFAULT, List.of("img-b"), List.of(image)).get(0);
            assertEquals(a, again);
            assertNotEquals(a.complexity(), otherId.complexity());

            MetricParams seeded = new MetricParams(ComplexityParams.DEFAULT, VulnerabilityParams.DEFAULT, 7L);
            ImageScore otherSeed = SeededScoring.score(model, seeded, List.of("img-a"), List.of(image)).get(0);
            assertNotEquals(a.complexity(), otherSeed.complexity());
        }
    }

    @Test
    void noiseDependsOnImageModelAndPurposeOnly() {
        NoiseSource s = new NoiseSource(0, "m");
        float[] a = s.complexityNoise("id", 100, NoiseKind.GAUSSIAN);
        assertEquals(Arrays.toString(a), Arrays.toString(new NoiseSource(0, "m").complexityNoise("id", 100, NoiseKind.GAUSSIAN)));
        assertFalse(Arrays.equals(a, new NoiseSource(0, "other").complexityNoise("id", 100, NoiseKind.GAUSSIAN)));
        assertFalse(Arrays.equals(a, s.complexityNoise("id2", 100, NoiseKind.GAUSSIAN)));
        for (float v : s.complexityNoise("id", 1000, NoiseKind.UNIFORM)) {
            assertEquals(0, v - Math.round(v));
            assertEquals(true, v >= -1 && v <= 1);
        }
        for (float v : s.attackJitter("id", 1000, 1e-6)) {
            assertEquals(true, Math.abs(v) <= 1e-6);
        }
    }

    @Test
    void asIIsVOverCAndNullWhenUndefined() {
        assertEquals(2.0, IndividualAnomalyScore.of(0.5, 1.0));
        assertNull(IndividualAnomalyScore.of(0.0, 1.0));
        assertNull(IndividualAnomalyScore.of(null, 1.0));
        assertNull(IndividualAnomalyScore.of(0.5, null));
        assertNull(IndividualAnomalyScore.of(Double.NaN, 1.0));
    }

    @Test
    void paramsIdChangesWithEveryParameterThatChangesTheScores() {
        String base = MetricParams.DEFAULT.paramsId("pre");
        assertEquals(base, MetricParams.DEFAULT.paramsId("pre"));
        assertNotEquals(base, MetricParams.DEFAULT.paramsId("pre2"));
        assertNotEquals(base, VulnerabilityTest.withDirection(AttackDirection.ASCENT).paramsId("pre"));
        assertNotEquals(base, new MetricParams(new ComplexityParams(5, 0.01, NoiseKind.GAUSSIAN),
                VulnerabilityParams.DEFAULT, 0).paramsId("pre"));
    }

    private static List<float[]> randomImages(int n, int length, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] img = new float[length];
            for (int j = 0; j < length; j++) {
                img[j] = r.nextFloat();
            }
            out.add(img);
        }
        return out;
    }

    private static List<String> ids(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("image-" + i);
        }
        return out;
    }
}
