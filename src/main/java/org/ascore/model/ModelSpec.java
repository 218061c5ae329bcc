package org.ascore.model;

import java.io.Serializable;

/**
 * What the model layer needs to load, run and check a feature model, without knowing where it was
 * configured: {@code config.ModelCard} reads and validates a card and builds this with {@code spec()}.
 *
 * @param name       the model's name, for keys and messages
 * @param sha256     lower-case hex checksum the model file must have
 * @param channels   1 (grayscale) or 3 (RGB)
 * @param resize     the shorter image side is resized to this before cropping
 * @param crop       side of the square center crop fed to the model
 * @param mean       per-channel mean subtracted inside the model's differentiable forward
 * @param std        per-channel std divided inside the model's differentiable forward
 * @param featureDim length of the feature vector
 * @param float64    whether the TorchScript file was exported in float64 (else float32)
 */
public record ModelSpec(String name, String sha256, int channels, int resize, int crop, float[] mean, float[] std,
                        int featureDim, boolean float64) implements Serializable {

    /** Input shape of one image: channels, height, width. */
    public int[] inputShape() {
        return new int[] {channels, crop, crop};
    }

    /** The preprocessing that turns a decoded image into this model's input. */
    public Preprocessor preprocessor() {
        return new Preprocessor(channels, resize, crop);
    }
}
