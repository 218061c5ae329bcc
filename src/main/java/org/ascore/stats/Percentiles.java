package org.ascore.stats;

import java.util.Arrays;

/**
 * Where a value falls in a sorted reference sample: the mid-rank percentile, so a value equal to
 * every reference value is at 50 and the score does not depend on a direction (docs/metric.md, "AS-i").
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** Percentile in [0, 100] of {@code value} within {@code sorted} (ascending, non-empty). */
    public static double midRank(double[] sorted, double value) {
        int below = lowerBound(sorted, value);
        int atOrBelow = upperBound(sorted, value);
        return 100.0 * (below + 0.5 * (atOrBelow - below)) / sorted.length;
    }

    /**
     * The median and the scale of a sorted non-empty sample, for a distance in scale units: the median
     * absolute deviation, or 1 where more than half the sample equals the median (distance in raw units);
     * (0, 1) for an empty sample.
     */
    public static double[] medianAndMad(double[] sorted) {
        if (sorted.length == 0) {
            return new double[] {0, 1};
        }
        double median = median(sorted);
        double[] dev = new double[sorted.length];
        for (int i = 0; i < dev.length; i++) {
            dev[i] = Math.abs(sorted[i] - median);
        }
        double mad = median(dev);
        return new double[] {median, mad > 0 ? mad : 1.0};
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Median of an unsorted sample (copied), or null when empty. */
    public static Double median(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Mean, or null when empty. */
    public static Double mean(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
