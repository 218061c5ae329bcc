package org.ascore.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ascore.config.ModelCard;
import org.ascore.testing.Fixture;
import org.ascore.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DjlFeatureModelTest {

    @Test
    void engineLoadsOfflineFromTheMavenNativeJar() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        Engine engine = Engine.getEngine("PyTorch");
        assertEquals("2.7.1", engine.getVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu", "bn_dropout_scripted", "fmnist-cnn"})
    void featuresEqualPyTorchInEvalMode(String name) {
        Fixture f = Fixture.load(name);
        try (DjlFeatureModel model = TestModels.load(f); NDManager m = model.newManager()) {
            for (Fixture.Case c : f.cases()) {
                assertClose(c.features(), features(model, m, c.image()), 1e-5);
            }
        }
    }

    @Test
    void scriptedBatchNormAndDropoutStayInEvalModeAcrossGradients() {
        Fixture f = Fixture.load("bn_dropout_scripted");
        Fixture.Case c = f.cases().get(0);
        try (DjlFeatureModel model = TestModels.load(f); NDManager m = model.newManager()) {
            float[] before = features(model, m, c.image());
            NDArray x = image(m, model, c.image());
            for (int i = 0; i < 3; i++) {
                model.inputGradient(x, feats -> feats.square().sum());
            }
            float[] after = features(model, m, c.image());
            // Dropout in train mode would zero about half the units; BatchNorm in train mode would
            // use batch statistics and update its running ones.
            assertArrayEquals(before, after);
            assertClose(c.features(), after, 1e-5);
        }
    }

    @Test
    void inputGradientMatchesCentralFiniteDifference() {
        Fixture f = Fixture.load("relu");
        Fixture.Case c = f.cases().get(0);
        try (DjlFeatureModel model = TestModels.load(f); NDManager m = model.newManager()) {
            NDArray x = image(m, model, c.image());
            float[] grad = model.inputGradient(x, feats -> feats.square().sum()).toFloatArray();
            float h = 1e-2f;
            for (int idx : new int[] {0, 17, 300, 767}) {
                double plus = loss(model, m, c.image(), idx, h);
                double minus = loss(model, m, c.image(), idx, -h);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, grad[idx], 0.03 * Math.abs(numeric) + 1e-4, "coordinate " + idx);
            }
        }
    }

    @Test
    void wrongFeatureDimInTheCardIsRefusedAtLoad() {
        Fixture f = Fixture.load("relu");
        ModelCard c = f.card();
        ModelCard wrong = new ModelCard(c.name(), c.file(), c.sha256(), c.channels(), c.resize(), c.crop(), c.mean(),
                c.std(), 99, c.batchSize(), c.licence(), c.precision());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> DjlFeatureModel.load(f.modelFile(), wrong.spec(), Device.cpu(), 8));
        assertTrue(e.getMessage().contains("feature_dim = 99"), e.getMessage());
    }

    @Test
    void checksumMismatchIsRefusedBeforeLoading() {
        Fixture f = Fixture.load("relu");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelFiles.verify(f.modelFile(), "0".repeat(64), "relu"));
        assertTrue(e.getMessage().contains("refusing"), e.getMessage());
    }

    @Test
    void featuresSplitLargeInputsIntoForwardBatchesWithTheSameResult() {
        Fixture f = Fixture.load("relu");
        try (DjlFeatureModel small = DjlFeatureModel.load(f.modelFile(), f.card().spec(), Device.cpu(), 2);
             NDManager m = small.newManager()) {
            float[] all = new float[3 * 768];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(f.cases().get(i).image(), 0, all, i * 768, 768);
            }
            float[] out = small.features(m.create(all, new Shape(3, 3, 16, 16))).toFloatArray();
            for (int i = 0; i < 3; i++) {
                float[] row = java.util.Arrays.copyOfRange(out, i * 16, (i + 1) * 16);
                assertClose(f.cases().get(i).features(), row, 1e-5);
            }
        }
    }

    private static double loss(DjlFeatureModel model, NDManager m, float[] image, int idx, float h) {
        float[] moved = image.clone();
        moved[idx] += h;
        float[] feats = features(model, m, moved);
        double s = 0;
        for (float v : feats) {
            s += (double) v * v;
        }
        return s;
    }

    static float[] features(DjlFeatureModel model, NDManager m, float[] image) {
        return model.features(image(m, model, image)).toFloatArray();
    }

    static NDArray image(NDManager m, DjlFeatureModel model, float[] image) {
        int[] s = model.inputShape();
        return m.create(image, new Shape(1, s[0], s[1], s[2]));
    }

    static void assertClose(float[] expected, float[] actual, double rel) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * Math.max(scale, 1e-6), "component " + i);
        }
    }
}
