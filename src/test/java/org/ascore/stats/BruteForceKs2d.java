package org.ascore.stats;

/**
 * O(n²) reference written straight from the definition in docs/metric.md ("AS"), to check {@link Ks2d} on random inputs.
 */
final class BruteForceKs2d {

    private BruteForceKs2d() {
    }

    static KsResult twoSample(double[] c1, double[] v1, double[] c2, double[] v2) {
        double d = (maxdist(c1, v1, c2, v2) + maxdist(c2, v2, c1, v1)) / 2;
        return new KsResult(c1.length, c2.length, d, pValue(d, c1, v1, c2, v2));
    }

    private static double maxdist(double[] xp, double[] yp, double[] xq, double[] yq) {
        int n = xp.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double[] fp = quadrants(xp[i], yp[i], xp, yp);
            double[] fq = quadrants(xp[i], yp[i], xq, yq);
            double[] di = new double[4];
            for (int k = 0; k < 4; k++) {
                di[k] = fp[k] - fq[k];
            }
            di[0] -= 1.0 / n;
            for (double value : di) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return Math.max(-min, max + 1.0 / n);
    }

    private static double[] quadrants(double x0, double y0, double[] xs, double[] ys) {
        int n = xs.length;
        int a = 0;
        int b = 0;
        int c = 0;
        for (int j = 0; j < n; j++) {
            boolean left = xs[j] <= x0;
            boolean below = ys[j] <= y0;
            if (left && below) {
                a++;
            } else if (left) {
                b++;
            } else if (below) {
                c++;
            }
        }
        double fa = (double) a / n;
        double fb = (double) b / n;
        double fc = (double) c / n;
        return new double[] {fa, fb, fc, 1 - fa - fb - fc};
    }

    private static Double pValue(double d, double[] c1, double[] v1, double[] c2, double[] v2) {
        double r1 = pearson(c1, v1);
        double r2 = pearson(c2, v2);
        if (Double.isNaN(r1) || Double.isNaN(r2)) {
            return null;
        }
        double n1 = c1.length;
        double n2 = c2.length;
        double sqen = Math.sqrt(n1 * n2 / (n1 + n2));
        double r = Math.sqrt(1 - (r1 * r1 + r2 * r2) / 2);
        double lambda = d * sqen / (1 + r * (0.25 - 0.75 / sqen));
        return KolmogorovDistribution.sf(lambda);
    }

    /** Textbook two-pass Pearson r; NaN when undefined. */
    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 2 || constant(x) || constant(y)) {
            return Double.NaN;
        }
        if (n == 2) {
            return Math.signum(x[1] - x[0]) * Math.signum(y[1] - y[0]);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    private static boolean constant(double[] values) {
        for (double value : values) {
            if (value != values[0]) {
                return false;
            }
        }
        return true;
    }
}
