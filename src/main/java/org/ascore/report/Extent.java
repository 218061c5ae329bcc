package org.ascore.report;

/** A closed data interval [lo, hi] with lo < hi, for one axis of a chart. */
public record Extent(double lo, double hi) {
    public Extent {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
            throw new IllegalArgumentException("need a finite range lo < hi, got [" + lo + ", " + hi + "]");
        }
    }

    /**
     * The smallest interval holding every finite value of the arrays, widened by {@code pad} of
     * its width on each side; a single value (or none) gets a unit-wide interval around it.
     */
    public static Extent of(double pad, double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return new Extent(0, 1);
        }
        if (lo == hi) {
            double half = lo == 0 ? 0.5 : Math.abs(lo) * 0.5;
            return new Extent(lo - half, hi + half);
        }
        double w = (hi - lo) * pad;
        return new Extent(lo - w, hi + w);
    }

    /** Maps a value of this interval linearly onto [from, to] (pixels; to may be below from). */
    public double map(double v, double from, double to) {
        return from + (v - lo) / (hi - lo) * (to - from);
    }
}
