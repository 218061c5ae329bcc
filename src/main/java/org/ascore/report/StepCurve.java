package org.ascore.report;

import java.util.Arrays;

/** The step polyline of an empirical CDF given by its quantiles, ready to draw. */
public final class StepCurve {
    private StepCurve() {
    }

    /**
     * Vertices of the step function through (quantiles[i], levels[i]): the curve stays at level i
     * until the next quantile, then rises; it starts at 0 left of the smallest value. Both arrays
     * are ascending and of equal length; the result is {xs, ys} without redundant vertices.
     */
    public static double[][] of(double[] quantiles, double[] levels) {
        if (quantiles.length != levels.length) {
            throw new IllegalArgumentException(quantiles.length + " quantiles but " + levels.length + " levels");
        }
        int n = quantiles.length;
        if (n == 0) {
            return new double[][] {new double[0], new double[0]};
        }
        double[] xs = new double[2 * n + 1];
        double[] ys = new double[2 * n + 1];
        int k = 0;
        xs[k] = quantiles[0];
        ys[k++] = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && quantiles[i] != quantiles[i - 1]) {
                xs[k] = quantiles[i];
                ys[k++] = levels[i - 1];
            }
            xs[k] = quantiles[i];
            ys[k++] = levels[i];
        }
        return simplify(xs, ys, k);
    }

    /** Drops repeated vertices and the inner vertices of straight vertical or horizontal runs. */
    private static double[][] simplify(double[] xs, double[] ys, int n) {
        double[] ox = new double[n];
        double[] oy = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m > 0 && ox[m - 1] == xs[i] && oy[m - 1] == ys[i]) {
                continue;
            }
            if (m >= 2 && ((ox[m - 2] == ox[m - 1] && ox[m - 1] == xs[i])
                    || (oy[m - 2] == oy[m - 1] && oy[m - 1] == ys[i]))) {
                m--;
            }
            ox[m] = xs[i];
            oy[m++] = ys[i];
        }
        return new double[][] {Arrays.copyOf(ox, m), Arrays.copyOf(oy, m)};
    }
}
