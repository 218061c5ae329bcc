package org.ascore.metric;

import org.ascore.model.DjlFeatureModel;
import org.ascore.testing.Fixture;
import org.ascore.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComplexityTest {

    @ParameterizedTest
    @CsvSource({"linear_f64,1e-6", "linear,2e-3"})
    void linearModelHasZeroComplexityWhenThePathIsNotClamped(String name, double rounding) {
        Fixture f = Fixture.load(name);
        List<ImageScore> scores = score(f, MetricParams.DEFAULT);
        // Cases 0 and 1 keep every pixel in [0.3, 0.7], so x + ε·k·n never reaches a clamp and the
        // feature path of a linear map is a straight line; only rounding remains, which arccos
        // near 1 magnifies (to ~1e-8 in float64 and ~1e-4 in float32).
        for (int i = 0; i < 2; i++) {
            assertTrue(scores.get(i).complexity() < rounding, "C = " + scores.get(i).complexity());
        }
        // Case 2 starts in [0, 1], so clamping bends the path even through a linear map.
        assertTrue(scores.get(2).complexity() > 5e-3, "C = " + scores.get(2).complexity());
    }

    @Test
    void reluNetworkHasPositiveComplexity() {
        for (ImageScore s : score(Fixture.load("relu"), MetricParams.DEFAULT)) {
            assertTrue(s.complexity() > 0.01, "C = " + s.complexity());
        }
    }

    /**
     * In float64 the values must equal PyTorch's; in float32, libtorch 2.7.1 (DJL) and PyTorch 2.13
     * round the features differently, and arccos of cosines near 1 magnifies that to ~1e-3.
     */
    @ParameterizedTest
    @CsvSource({"relu_f64,1e-6", "bn_dropout_scripted_f64,1e-6", "fmnist-cnn_f64,1e-6", "linear_f64,1e-6",
            "relu,2e-3", "bn_dropout_scripted,2e-3", "fmnist-cnn,2e-3"})
    void equalsThePyTorchReferenceForTheSameNoise(String name, double relative) {
        Fixture f = Fixture.load(name);
        List<ImageScore> scores = score(f, MetricParams.DEFAULT);
        for (int i = 0; i < f.cases().size(); i++) {
            double expected = f.cases().get(i).complexity();
            if (name.startsWith("linear") && i < 2) {
                continue;
            }
            assertEquals(expected, scores.get(i).complexity(), relative * expected, name + " case " + i);
        }
    }

    @Test
    void meanAngleOfARightAngleZigzagIsHalfPi() {
        // f0=(0,0), f1=(1,0), f2=(1,1), f3=(2,1): unit steps e1, e2, e1 turn by π/2 twice.
        double[] f = {0, 0, 1, 0, 1, 1, 2, 1};
        assertEquals(Math.PI / 2, Complexity.meanAngle(f, 0, 3, 2), 1e-12);
    }

    @Test
    void meanAngleIsUndefinedWhenTwoPathPointsHaveEqualFeatures() {
        double[] f = {0, 0, 1, 0, 1, 0, 2, 1};
        assertTrue(Double.isNaN(Complexity.meanAngle(f, 0, 3, 2)));
    }

    @Test
    void meanAngleClampsRoundingPastOneInsteadOfReturningNaN() {
        // Parallel steps: the cosine is 1 up to rounding, and the angle must be 0, not NaN.
        double[] f = {0.1, 0.2, 0.4, 0.8, 0.7, 1.4};
        double c = Complexity.meanAngle(f, 0, 2, 2);
        assertTrue(c >= 0 && c < 1e-3, "C = " + c);
    }

    static List<ImageScore> score(Fixture f, MetricParams params) {
        try (DjlFeatureModel model = TestModels.load(f)) {
            ImageScorer scorer = new ImageScorer(model, params);
            int n = f.cases().size();
            float[][] images = new float[n][];
            float[][] noise = new float[n][];
            float[][] jitter = new float[n][];
            for (int i = 0; i < n; i++) {
                images[i] = f.cases().get(i).image();
                noise[i] = f.cases().get(i).noise();
                jitter[i] = f.cases().get(i).jitter();
            }
            return scorer.score(images, noise, jitter);
        }
    }
}
