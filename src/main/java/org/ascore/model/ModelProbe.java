package org.ascore.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, right after loading, that ascore can use a model: a no-grad forward of a batch of
 * random images, a forward and backward of the same batch, and a forward of its first image
 * alone, each run exactly as scoring runs it. A model that cannot be attacked would otherwise fail on every
 * image of a run, one retry at a time. Refused, with the cause and the fix in the message:
 * features not of shape [B, feature_dim]; all features NaN or infinite; different features for
 * the same input (dropout left on) or for an image alone and in a batch (batch-norm in training
 * mode); no input gradient (backward throws); an input gradient that is zero or NaN everywhere.
 * A NaN or zero gradient for some of the random images only is left to scoring, which gives such
 * images a status.
 */
public final class ModelProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ModelProbe.class);
    private static final long SEED = 0x5EED_AC0DEL;
    /**
     * Most images a probe on a CPU uses (the driver's, or a CPU executor's): a GPU-sized batch of a
     * large backbone costs minutes there, and eight images still find a batch dimension baked into
     * a trace.
     */
    public static final int CPU_BATCH = 8;
    /**
     * Allowed difference between features that must be equal, relative to the largest feature.
     * Rounding (another kernel for another batch size, TF32 on a GPU) stays orders below it; a
     * dropout mask or batch statistics move features by a sizeable part of their scale.
     */
    private static final double TOLERANCE = 1e-2;
    private static final Pattern NO_DERIVATIVE = Pattern.compile("derivative for (\\S+) is not implemented");

    private ModelProbe() {
    }

    /**
     * Probes the model; throws {@link ModelLoadException} naming the model, the cause and the fix.
     *
     * @param batch images in the probe batch: the scoring batch size, so a batch size the model
     *              cannot take is found here
     */
    public static void check(FeatureModel model, int featureDim, int batch) {
        long start = System.nanoTime();
        int[] s = model.inputShape();
        SplittableRandom random = new SplittableRandom(SEED);
        try (NDManager m = model.newManager()) {
            NDArray x = m.create(uniform(random, batch * s[0] * s[1] * s[2]), new Shape(batch, s[0], s[1], s[2]))
                    .toType(model.dataType(), false);
            float[] features = forward(model, x, featureDim, batch);
            NDArray direction = m.create(uniform(random, batch * featureDim), new Shape(batch, featureDim))
                    .toType(model.dataType(), false).sub(0.5);
            float[][] withGrad = new float[1][];
            NDArray gradient;
            try {
                // The loss is a fixed random projection, whose gradient is zero only where the
                // model's is (not |f|^2, which a final LayerNorm makes constant).
                gradient = model.inputGradient(x, f -> {
                    withGrad[0] = f.toType(DataType.FLOAT32, false).toFloatArray();
                    return f.mul(direction).sum();
                });
            } catch (RuntimeException e) {
                throw new ModelLoadException(noGradient(model.name(), e), e);
            }
            compare(model, features, withGrad[0], "the same " + batch + " images in two calls",
                    "a dropout (or another random) layer is active. A model traced in train mode keeps its "
                            + "dropout on whatever mode it is put in: export it after model.eval()");
            float[] alone = forward(model, x.get("0:1"), featureDim, 1);
            compare(model, features, alone, "its first image alone and in a batch of " + batch,
                    "its features depend on the other images of the batch: a batch-norm layer runs in training "
                            + "mode (a model traced in train mode keeps it). Export the model after model.eval()");
            checkGradient(model.name(), gradient.toType(DataType.FLOAT32, false).toFloatArray(), batch);
        }
        LOG.info("Model {} passed the load-time probe (batch {}, input gradient checked) in {} ms", model.name(),
                batch, (System.nanoTime() - start) / 1_000_000);
    }

    private static float[] forward(FeatureModel model, NDArray x, int featureDim, int batch) {
        NDArray f;
        try {
            f = model.features(x);
        } catch (RuntimeException e) {
            throw new ModelLoadException("model " + model.name() + " failed on a batch of " + batch + " images of "
                    + shape(model) + ": " + e.getMessage()
                    + " (a model traced with a fixed batch size fails on others: export it so that the batch "
                    + "dimension stays free)", e);
        }
        if (f.getShape().dimension() != 2 || f.getShape().get(0) != batch || f.getShape().get(1) != featureDim) {
            throw new ModelLoadException("model " + model.name() + " returned features of shape " + f.getShape()
                    + " for a batch of " + batch + " images of " + shape(model) + "; ascore needs [" + batch + ", "
                    + featureDim + "] (feature_dim of the card): one pooled feature vector per image");
        }
        float[] v = f.toType(DataType.FLOAT32, false).toFloatArray();
        for (float value : v) {
            if (Float.isFinite(value)) {
                return v;
            }
        }
        throw new ModelLoadException("model " + model.name() + " returned only NaN or infinite features for "
                + batch + " random images of " + shape(model) + "; check its weights and the card's mean/std");
    }

    /** {@code reference} holds rows of a batch; {@code other} the same images' features, or the first row's. */
    private static void compare(FeatureModel model, float[] reference, float[] other, String what, String cause) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < other.length; i++) {
            if (Float.isFinite(reference[i]) && Float.isFinite(other[i])) {
                scale = Math.max(scale, Math.abs(reference[i]));
                diff = Math.max(diff, Math.abs(reference[i] - other[i]));
            }
        }
        if (diff > TOLERANCE * Math.max(scale, Float.MIN_NORMAL)) {
            throw new ModelLoadException(String.format(java.util.Locale.ROOT,
                    "model %s returned different features for %s (largest difference %.3g, feature scale %.3g): %s",
                    model.name(), what, diff, scale, cause));
        }
    }

    private static void checkGradient(String name, float[] gradient, int batch) {
        int perImage = gradient.length / batch;
        int usable = 0;
        boolean anyNonFinite = false;
        for (int b = 0; b < batch; b++) {
            boolean finite = true;
            boolean nonZero = false;
            for (int i = b * perImage; i < (b + 1) * perImage; i++) {
                finite &= Float.isFinite(gradient[i]);
                nonZero |= gradient[i] != 0;
            }
            anyNonFinite |= !finite;
            if (finite && nonZero) {
                usable++;
            }
        }
        if (usable > 0) {
            return;
        }
        if (anyNonFinite) {
            throw new ModelLoadException("model " + name + " has a NaN or infinite input gradient for every one of "
                    + batch + " random images, so ascore cannot attack it; check the model for operations "
                    + "without a finite derivative (sqrt or log at 0, division by a norm that can be 0)");
        }
        throw new ModelLoadException("model " + name + " has an input gradient of exactly zero for " + batch
                + " random images: its output does not depend on its input, or only through operations without "
                + "a gradient (argmax, rounding, integer casts, detach). ascore measures vulnerability with a "
                + "gradient attack, so it cannot score this model");
    }

    private static String noGradient(String name, RuntimeException e) {
        String error = String.valueOf(e.getMessage());
        Matcher op = NO_DERIVATIVE.matcher(error);
        if (op.find()) {
            return "model " + name + " has no input gradient: PyTorch implements no derivative for " + op.group(1)
                    + ", which its TorchScript graph calls. A model built from nn.TransformerEncoderLayer or "
                    + "nn.MultiheadAttention gets PyTorch's fused inference kernel when it is traced in eval mode "
                    + "under torch.no_grad() (or with parameters that do not require grad). Export it again with "
                    + "torch.jit.trace(model.eval(), example) where example.requires_grad_(True) and grad mode is "
                    + "on, so the graph uses differentiable operations (scaled_dot_product_attention), then update "
                    + "the card's sha256; for the paper's backbones use submit/export_model.py, which checks the "
                    + "input gradient of what it exports";
        }
        return "model " + name + " has no input gradient (backward failed: " + errorLine(error) + "). ascore "
                + "attacks the model through the gradient of its features with respect to the input image; export "
                + "a differentiable TorchScript module (traced with an input that requires grad, no "
                + "torch.no_grad() or detach() inside forward)";
    }

    private static String errorLine(String s) {
        // TorchScript errors carry a multi-line traceback; its last line holds the error itself.
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String shape(FeatureModel model) {
        int[] s = model.inputShape();
        return s[0] + "x" + s[1] + "x" + s[2];
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }
}
