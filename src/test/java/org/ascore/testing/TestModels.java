package org.ascore.testing;

import ai.djl.Device;
import org.ascore.model.DjlFeatureModel;

/** Loads fixture models for tests, on the CPU. */
public final class TestModels {
    private TestModels() {
    }

    public static DjlFeatureModel load(Fixture f) {
        return DjlFeatureModel.load(f.modelFile(), f.card().spec(), Device.cpu(), 256);
    }
}
