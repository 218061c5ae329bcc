package org.ascore.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ascore.Status;
import org.ascore.model.FeatureModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a batch of preprocessed images: one batched complexity pass, whose M(x) the vulnerability
 * attack reuses, then one batched attack. All native memory of a batch is freed when it returns.
 */
public final class ImageScorer {
    private final FeatureModel model;
    private final MetricParams params;
    private final int imageLength;

    public ImageScorer(FeatureModel model, MetricParams params) {
        this.model = model;
        this.params = params;
        int[] s = model.inputShape();
        this.imageLength = s[0] * s[1] * s[2];
    }

    /**
     * Scores images with their draws ({@link NoiseSource#draw}, which the caller makes, so that it can
     * make them ahead of the device and a reference implementation can be fed the same ones).
     *
     * @param images   CHW pixels in [0, 1], one array per image
     * @param rawNoise complexity direction per image, before normalization
     * @param jitter   attack start jitter per image
     */
    public List<ImageScore> score(float[][] images, float[][] rawNoise, float[][] jitter) {
        int b = images.length;
        if (b == 0) {
            return List.of();
        }
        if (rawNoise.length != b || jitter.length != b) {
            throw new IllegalArgumentException("need one noise and one jitter array per image");
        }
        int[] s = model.inputShape();
        Shape shape = new Shape(b, s[0], s[1], s[2]);
        try (NDManager m = model.newManager()) {
            DataType type = model.dataType();
            NDArray x = m.create(flatten(images), shape).toType(type, false);
            NDArray n = m.create(flatten(rawNoise), shape).toType(type, false);
            NDArray j = m.create(flatten(jitter), shape).toType(type, false);
            Complexity.Result c = Complexity.compute(model, x, n, params.complexity());
            double[] v = Vulnerability.compute(model, x, c.cleanFeatures(), j, params.vulnerability());
            List<ImageScore> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                out.add(toScore(c, v[i], i));
            }
            return out;
        }
    }

    private static ImageScore toScore(Complexity.Result c, double v, int i) {
        if (c.nonFinite()[i] || Double.isNaN(v)) {
            return ImageScore.failed(Status.NONFINITE_FEATURES, "the model returned NaN or infinite features");
        }
        if (c.degenerate()[i]) {
            return new ImageScore(null, v, null, Status.DEGENERATE_FEATURES,
                    "two points of the complexity path had identical features, so an angle is undefined",
                    c.cleanValues()[i]);
        }
        double ci = c.complexity()[i];
        return new ImageScore(ci, v, IndividualAnomalyScore.of(ci, v), Status.OK, null, c.cleanValues()[i]);
    }

    private float[] flatten(float[][] arrays) {
        float[] flat = new float[arrays.length * imageLength];
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i].length != imageLength) {
                throw new IllegalArgumentException("image " + i + " has " + arrays[i].length
                        + " values; the model expects " + imageLength);
            }
            System.arraycopy(arrays[i], 0, flat, i * imageLength, imageLength);
        }
        return flat;
    }
}
