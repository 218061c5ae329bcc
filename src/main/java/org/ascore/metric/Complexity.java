package org.ascore.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ascore.model.FeatureModel;

/**
 * Complexity C(x) (docs/metric.md): the mean turning angle of the feature path along a straight line of
 * added noise. The K + 1 points of every image of the batch go through the model together.
 */
public final class Complexity {
    private Complexity() {
    }

    /**
     * @param x        images [B, C, H, W] in [0, 1]
     * @param rawNoise one noise tensor per image, same shape, not yet normalized
     * @return per-image C (NaN where undefined, with the reason flagged) and M(x), which the
     *         vulnerability attack reuses
     */
    public static Result compute(FeatureModel model, NDArray x, NDArray rawNoise, ComplexityParams p) {
        Shape shape = x.getShape();
        int b = Math.toIntExact(shape.get(0));
        int k = p.steps();
        NDArray flat = rawNoise.reshape(b, -1);
        NDArray unit = flat.div(flat.norm(new int[] {1}, true)).reshape(shape);
        NDArray[] path = new NDArray[k + 1];
        for (int step = 0; step <= k; step++) {
            path[step] = x.add(unit.mul(p.stepSize() * step)).clip(0, 1);
        }
        // [B, K+1, C, H, W] -> [B*(K+1), C, H, W]: each image's path stays contiguous.
        NDArray batch = NDArrays.stack(new NDList(path), 1).reshape(new Shape(-1).addAll(shape.slice(1)));
        NDArray features = model.features(batch);
        int d = Math.toIntExact(features.getShape().get(1));
        double[] f = features.toType(DataType.FLOAT64, false).toDoubleArray();
        NDArray clean = features.reshape(b, k + 1, d).get(new NDIndex(":, 0, :"));

        double[] c = new double[b];
        boolean[] degenerate = new boolean[b];
        boolean[] nonFinite = new boolean[b];
        float[][] cleanValues = new float[b][d];
        for (int i = 0; i < b; i++) {
            int base = i * (k + 1) * d;
            for (int j = 0; j < d; j++) {
                cleanValues[i][j] = (float) f[base + j]; // exact: the model's features are at most float32
            }
            if (!allFinite(f, base, (k + 1) * d)) {
                nonFinite[i] = true;
                c[i] = Double.NaN;
                continue;
            }
            c[i] = meanAngle(f, base, k, d);
            degenerate[i] = Double.isNaN(c[i]);
        }
        return new Result(c, degenerate, nonFinite, clean, cleanValues);
    }

    /** Mean angle between consecutive unit differences of path points f_0..f_K; NaN if one is zero. */
    static double meanAngle(double[] f, int base, int k, int d) {
        double[] prev = new double[d];
        double[] cur = new double[d];
        double sum = 0;
        for (int step = 1; step <= k; step++) {
            double norm = 0;
            int a = base + step * d;
            int z = a - d;
            for (int j = 0; j < d; j++) {
                cur[j] = f[a + j] - f[z + j];
                norm += cur[j] * cur[j];
            }
            if (norm == 0) {
                return Double.NaN;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                cur[j] /= norm;
            }
            if (step > 1) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += cur[j] * prev[j];
                }
                // Rounding can push |dot| past 1; arccos would then give NaN (docs/metric.md).
                sum += Math.acos(Math.max(-1, Math.min(1, dot)));
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        return sum / (k - 1);
    }

    static boolean allFinite(double[] f, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (!Double.isFinite(f[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param complexity    C per image; NaN where degenerate or non-finite
     * @param degenerate    some ‖f_k − f_{k−1}‖ was 0
     * @param nonFinite     some feature on the path was NaN or infinite
     * @param cleanFeatures M(x), [B, d], attached to x's manager
     * @param cleanValues   M(x) of each image on the heap, for the scores table's feature column
     */
    public record Result(double[] complexity, boolean[] degenerate, boolean[] nonFinite, NDArray cleanFeatures,
                         float[][] cleanValues) {
    }
}
