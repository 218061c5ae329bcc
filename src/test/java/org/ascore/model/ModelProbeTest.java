package org.ascore.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ascore.config.ModelCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load-time probe, on the misbehaving TorchScript files of src/test/python/make_fault_models.py
 * (whose script checks in PyTorch what each file does wrong) and on their correct twins.
 */
class ModelProbeTest {
    static final Path MODELS = Path.of("src", "test", "resources", "models");

    static ModelCard card(String name) {
        return ModelCard.load(MODELS.resolve(name + ".conf"));
    }

    static DjlFeatureModel load(String name) {
        ModelCard card = card(name);
        return DjlFeatureModel.load(Path.of(card.fileUri()), card.spec(), Device.cpu(), 64);
    }

    static String refusal(String name, int batch) {
        try (DjlFeatureModel model = load(name)) {
            return assertThrows(ModelLoadException.class, () -> ModelProbe.check(model, card(name).featureDim(), batch))
                    .getMessage();
        }
    }

    @AfterEach
    void unload() {
        ModelRegistry.clear();
    }

    @Test
    void aTransformerTracedOnTheFusedInferencePathIsRefusedWithTheFix() {
        String m = refusal("transformer_fused", 4);
        assertTrue(m.contains("transformer_fused") && m.contains("no input gradient")
                && m.contains("aten::_transformer_encoder_layer_fwd") && m.contains("requires_grad_(True)")
                && m.contains("torch.no_grad()") && m.contains("submit/export_model.py"), m);
    }

    @Test
    void theSameTransformerTracedWithAnInputThatRequiresGradPassesAndComputesTheSameFeatures() {
        try (DjlFeatureModel good = load("transformer"); DjlFeatureModel fused = load("transformer_fused");
             NDManager m = good.newManager()) {
            assertDoesNotThrow(() -> ModelProbe.check(good, 32, 4));
            // The fused export runs forward without gradients; make_fault_models.py checked in
            // PyTorch that the two exports compute the same function.
            NDArray x = m.randomUniform(0, 1, new Shape(3, 1, 16, 16));
            assertArrayEquals(fused.features(x).toFloatArray(), good.features(x).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void dropoutBakedIntoATraceIsRefused() {
        String m = refusal("dropout_traced_train", 4);
        assertTrue(m.contains("dropout_traced_train") && m.contains("different features for the same 4 images")
                && m.contains("dropout") && m.contains("model.eval()"), m);
    }

    @Test
    void aScriptedDropoutIsTurnedOffOnLoadSoTheModelPassesAndIsDeterministic() {
        try (DjlFeatureModel model = load("dropout_scripted_train"); NDManager m = model.newManager()) {
            assertDoesNotThrow(() -> ModelProbe.check(model, 8, 4));
            NDArray x = m.randomUniform(0, 1, new Shape(4, 1, 16, 16));
            assertArrayEquals(model.features(x).toFloatArray(), model.features(x).toFloatArray(), 0f);
        }
    }

    @Test
    void batchNormWithBatchStatisticsIsRefused() {
        String m = refusal("batchnorm_traced_train", 4);
        assertTrue(m.contains("its first image alone and in a batch of 4") && m.contains("batch-norm"), m);
    }

    @Test
    void aModelWhoseOutputDoesNotDependOnItsInputIsRefused() {
        String m = refusal("constant", 8);
        assertTrue(m.contains("constant") && m.contains("input gradient of exactly zero")
                && m.contains("does not depend on its input"), m);
    }

    @Test
    void featuresThatAreNaNForSomeImagesOnlyAreLeftToScoring() {
        // nonfinite.pt returns NaN for images darker than mid-grey: data-dependent, a status per image.
        ModelCard card = new ModelCard("nonfinite", MODELS.resolve("nonfinite.pt").toUri().toString(),
                "0".repeat(64), 1, 4, 4, new float[] {0}, new float[] {1}, 2, 8, "test", "float32");
        try (DjlFeatureModel model = DjlFeatureModel.load(MODELS.resolve("nonfinite.pt"), card.spec(), Device.cpu(), 8)) {
            assertDoesNotThrow(() -> ModelProbe.check(model, 2, 8));
        }
    }

    @Test
    void featuresOfTheWrongShapeForABatchAreRefused() {
        // linear.pt returns 16 features; a card that says 8 is refused already at the one-image warm-up.
        ModelCard good = ModelCard.load(Path.of("src", "test", "resources", "models", "constant.conf"));
        ModelCard wrong = new ModelCard(good.name(), good.file(), good.sha256(), 1, 4, 4, new float[] {0},
                new float[] {1}, 3, 8, "test", "float32");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> DjlFeatureModel.load(Path.of(good.fileUri()), wrong.spec(), Device.cpu(), 8));
        assertTrue(e.getMessage().contains("feature_dim = 3"), e.getMessage());
    }

    @Test
    void anExecutorRefusesTheModelWhenItLoadsItAndTriesAgainOnTheNextTask() {
        ModelCard card = card("constant");
        Path file = Path.of(card.fileUri());
        for (int attempt = 0; attempt < 2; attempt++) {
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> ModelRegistry.acquire(card.spec(), file, Device.cpu(), 0, 8, 8));
            assertTrue(e.getMessage().contains("input gradient of exactly zero"), e.getMessage());
        }
        ModelCard good = card("transformer");
        try (ModelRegistry.Lease lease = ModelRegistry.acquire(good.spec(), Path.of(good.fileUri()), Device.cpu(), 0, 32, 4)) {
            assertTrue(lease.model().name().equals("transformer"));
        }
    }
}
