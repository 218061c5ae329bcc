package org.ascore.stats;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Two-sample 2D Kolmogorov–Smirnov test with Fasano–Franceschini origins, reproducing ndtest's
 * {@code ks2d2s} (docs/metric.md, "AS") in O((n1 + n2) log(n1 + n2)) instead of its O(n²).
 *
 * <p>For every origin the reference needs three counts per sample: points with x ≤ X, points with
 * y ≤ Y, and points with both. A sweep over all points in x order (ties inserted as a group before
 * any of them is queried) with a Fenwick tree over dense y ranks yields the joint count; the other
 * two come from running totals. The fractions are then formed with the same floating-point
 * operations, in the same order, as the reference, so D agrees with it bit for bit.
 *
 * <p>Sorting is a radix sort: at millions of points the run time is set by cache misses, which a
 * comparison sort followed by binary-search ranking multiplies. Peak working memory is about 28
 * bytes per point of both samples together.
 */
public final class Ks2d {

    /** Both samples share one int index space in the sweep. */
    private static final int MAX_TOTAL_POINTS = Integer.MAX_VALUE - 8;
    /**
     * Counts of both samples travel packed in one long (sample 1 in the low 32 bits), halving the
     * Fenwick traversals; neither count can reach 2³² so the halves never carry into each other.
     */
    private static final long SAMPLE2_UNIT = 1L << 32;
    private static final long LOW_HALF = 0xFFFF_FFFFL;

    private Ks2d() {
    }

    /**
     * Runs the test of the real set P1 = (c1, v1) against the generated set P2 = (c2, v2).
     *
     * @throws IllegalArgumentException for an empty sample, columns of different lengths, or a NaN or
     *                                  infinite value
     */
    public static KsResult twoSample(double[] c1, double[] v1, double[] c2, double[] v2) {
        double d = statistic(c1, v1, c2, v2);
        return new KsResult(c1.length, c2.length, d, pValue(d, c1, v1, c2, v2));
    }

    /**
     * The statistic D alone (symmetric in the two samples).
     *
     * @throws IllegalArgumentException as {@link #test}
     */
    public static double statistic(double[] c1, double[] v1, double[] c2, double[] v2) {
        validate("real", c1, v1);
        validate("generated", c2, v2);
        if ((long) c1.length + c2.length > MAX_TOTAL_POINTS) {
            throw new IllegalArgumentException("the two samples together have " + ((long) c1.length + c2.length)
                    + " points; at most " + MAX_TOTAL_POINTS + " are supported");
        }
        return sweep(c1, v1, c2, v2);
    }

    private static void validate(String sample, double[] c, double[] v) {
        Objects.requireNonNull(c, () -> sample + " sample: c is null");
        Objects.requireNonNull(v, () -> sample + " sample: v is null");
        if (c.length != v.length) {
            throw new IllegalArgumentException(sample + " sample: c has " + c.length + " values but v has " + v.length);
        }
        if (c.length == 0) {
            throw new IllegalArgumentException(sample + " sample is empty");
        }
        requireFinite(sample, "c", c);
        requireFinite(sample, "v", v);
    }

    private static void requireFinite(String sample, String column, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(sample + " sample: " + column + "[" + i + "] is " + values[i]);
            }
        }
    }

    private static double sweep(double[] c1, double[] v1, double[] c2, double[] v2) {
        int n1 = c1.length;
        int n = n1 + c2.length;
        // x first: its sort buffers are gone before the y sort allocates its own.
        XOrder byX = orderByX(c1, c2);
        int[] order = byX.order();
        YRanks byY = rankByY(v1, v2);
        int[] yRanks = byY.ranks();
        long[] yAtMost = byY.atMost();
        long[] tree = new long[yAtMost.length + 1];

        Extremes fromReal = new Extremes(n1, c2.length);
        Extremes fromGenerated = new Extremes(c2.length, n1);
        long xAtMost = 0;
        for (int start = 0, end; start < n; start = end) {
            end = byX.groupEnd(start);
            for (int k = start; k < end; k++) {
                int p = order[k];
                long unit = p < n1 ? 1 : SAMPLE2_UNIT;
                fenwickAdd(tree, yRanks[p], unit);
                xAtMost += unit;
            }
            for (int k = start; k < end; k++) {
                int p = order[k];
                int rank = yRanks[p];
                long both = fenwickPrefix(tree, rank);
                long yOnly = yAtMost[rank];
                int a1 = low(both);
                int b1 = low(xAtMost) - a1;
                int q1 = low(yOnly) - a1;
                int a2 = high(both);
                int b2 = high(xAtMost) - a2;
                int q2 = high(yOnly) - a2;
                if (p < n1) {
                    fromReal.add(a1, b1, q1, a2, b2, q2);
                } else {
                    fromGenerated.add(a2, b2, q2, a1, b1, q1);
                }
            }
        }
        return (fromReal.maxdist() + fromGenerated.maxdist()) / 2;
    }

    private static int low(long packed) {
        return (int) (packed & LOW_HALF);
    }

    private static int high(long packed) {
        return (int) (packed >>> 32);
    }

    /**
     * Every point's 0-based dense y rank (equal values share one) and, per rank, the packed counts of
     * points whose y is at most that rank's value.
     */
    private record YRanks(int[] ranks, long[] atMost) {
    }

    private static YRanks rankByY(double[] v1, double[] v2) {
        RadixIndexSort.Sorted byY = RadixIndexSort.sort(v1, v2);
        long[] keys = byY.keys();
        int[] order = byY.order();
        int distinct = 1;
        for (int k = 1; k < keys.length; k++) {
            if (keys[k] != keys[k - 1]) {
                distinct++;
            }
        }
        int[] ranks = new int[keys.length];
        long[] atMost = new long[distinct];
        long running = 0;
        int rank = 0;
        for (int k = 0; k < keys.length; k++) {
            if (k > 0 && keys[k] != keys[k - 1]) {
                rank++;
            }
            int p = order[k];
            ranks[p] = rank;
            running += p < v1.length ? 1 : SAMPLE2_UNIT;
            atMost[rank] = running;
        }
        return new YRanks(ranks, atMost);
    }

    /**
     * Points in x order with a bit set where a new x value begins; the bits stand in for the 64-bit
     * sort keys, which need not stay alive through the sweep.
     */
    private record XOrder(int[] order, long[] groupStarts) {

        int groupEnd(int start) {
            int end = start + 1;
            while (end < order.length && (groupStarts[end >>> 6] & (1L << end)) == 0) {
                end++;
            }
            return end;
        }
    }

    private static XOrder orderByX(double[] c1, double[] c2) {
        RadixIndexSort.Sorted byX = RadixIndexSort.sort(c1, c2);
        long[] keys = byX.keys();
        long[] groupStarts = new long[(keys.length >>> 6) + 1];
        for (int k = 0; k < keys.length; k++) {
            if (k == 0 || keys[k] != keys[k - 1]) {
                groupStarts[k >>> 6] |= 1L << k;
            }
        }
        return new XOrder(byX.order(), groupStarts);
    }

    /**
     * Least-significant-digit radix sort of the indices of two concatenated columns by value: linear
     * time on primitive arrays, where a comparison sort of indices would need a boxed comparator and
     * sorting a copy of the values loses the indices.
     */
    private static final class RadixIndexSort {
        private static final int DIGIT_BITS = 11;
        private static final int BUCKETS = 1 << DIGIT_BITS;
        private static final int DIGITS = (Long.SIZE + DIGIT_BITS - 1) / DIGIT_BITS;

        /** order[k] is the index of the k-th smallest value; keys[k] is its order-preserving key. */
        record Sorted(long[] keys, int[] order) {
        }

        static Sorted sort(double[] a, double[] b) {
            int n = a.length + b.length;
            long[] keys = new long[n];
            int[] order = new int[n];
            for (int i = 0; i < a.length; i++) {
                keys[i] = key(a[i]);
                order[i] = i;
            }
            for (int i = 0; i < b.length; i++) {
                keys[a.length + i] = key(b[i]);
                order[a.length + i] = a.length + i;
            }
            int[][] counts = digitCounts(keys);
            long[] keysOut = new long[n];
            int[] orderOut = new int[n];
            for (int digit = 0; digit < DIGITS; digit++) {
                int shift = digit * DIGIT_BITS;
                int[] starts = counts[digit];
                if (starts[digit(keys[0], shift)] == n) {
                    continue; // every key has this digit, so the pass would not move anything
                }
                for (int bucket = 0, next = 0; bucket < BUCKETS; bucket++) {
                    int count = starts[bucket];
                    starts[bucket] = next;
                    next += count;
                }
                for (int i = 0; i < n; i++) {
                    int position = starts[digit(keys[i], shift)]++;
                    keysOut[position] = keys[i];
                    orderOut[position] = order[i];
                }
                long[] swapKeys = keys;
                keys = keysOut;
                keysOut = swapKeys;
                int[] swapOrder = order;
                order = orderOut;
                orderOut = swapOrder;
            }
            return new Sorted(keys, order);
        }

        /**
         * Maps a finite double to a long whose unsigned order is the numeric order; -0.0 is first
         * turned into 0.0 because the reference's comparisons treat them as equal.
         */
        private static long key(double value) {
            long bits = Double.doubleToRawLongBits(value + 0.0);
            return bits ^ ((bits >> 63) | Long.MIN_VALUE);
        }

        private static int digit(long key, int shift) {
            return (int) ((key >>> shift) & (BUCKETS - 1));
        }

        private static int[][] digitCounts(long[] keys) {
            int[][] counts = new int[DIGITS][BUCKETS];
            for (long key : keys) {
                for (int digit = 0; digit < DIGITS; digit++) {
                    counts[digit][digit(key, digit * DIGIT_BITS)]++;
                }
            }
            return counts;
        }
    }

    /** Adds value at a 0-based rank of a Fenwick tree whose slot 0 is unused. */
    private static void fenwickAdd(long[] tree, int rank, long value) {
        for (int i = rank + 1; i < tree.length; i += i & -i) {
            tree[i] += value;
        }
    }

    /** Sum over 0-based ranks 0..rank. */
    private static long fenwickPrefix(long[] tree, int rank) {
        long sum = 0;
        for (int i = rank + 1; i > 0; i -= i & -i) {
            sum += tree[i];
        }
        return sum;
    }

    /**
     * Running min and max over all components of ndtest's D_i for the origins of one sample P
     * against the other sample Q.
     */
    private static final class Extremes {
        private final int nOrigin;
        private final int nOther;
        private final double invOrigin;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        Extremes(int nOrigin, int nOther) {
            this.nOrigin = nOrigin;
            this.nOther = nOther;
            this.invOrigin = 1.0 / nOrigin;
        }

        /** Quadrant counts a, b, c of P then of Q; d is derived as 1 − a − b − c like the reference. */
        void add(int aP, int bP, int cP, int aQ, int bQ, int cQ) {
            double fa = (double) aP / nOrigin;
            double fb = (double) bP / nOrigin;
            double fc = (double) cP / nOrigin;
            double fd = 1.0 - fa - fb - fc;
            double ga = (double) aQ / nOther;
            double gb = (double) bQ / nOther;
            double gc = (double) cQ / nOther;
            double gd = 1.0 - ga - gb - gc;
            // The reference subtracts 1/n_P from the first component to count the origin itself as
            // re-assigned, and adds it back only to the maximum.
            double e0 = (fa - ga) - invOrigin;
            double e1 = fb - gb;
            double e2 = fc - gc;
            double e3 = fd - gd;
            min = Math.min(min, Math.min(Math.min(e0, e1), Math.min(e2, e3)));
            max = Math.max(max, Math.max(Math.max(e0, e1), Math.max(e2, e3)));
        }

        double maxdist() {
            return Math.max(-min, max + invOrigin);
        }
    }

    private static Double pValue(double d, double[] c1, double[] v1, double[] c2, double[] v2) {
        OptionalDouble r1 = pearson(c1, v1);
        OptionalDouble r2 = pearson(c2, v2);
        if (r1.isEmpty() || r2.isEmpty()) {
            return null;
        }
        long n1 = c1.length;
        long n2 = c2.length;
        double sqen = Math.sqrt((double) (n1 * n2) / (n1 + n2));
        double rr1 = r1.getAsDouble();
        double rr2 = r2.getAsDouble();
        double r = Math.sqrt(1 - 0.5 * (rr1 * rr1 + rr2 * rr2));
        double lambda = d * sqen / (1 + r * (0.25 - 0.75 / sqen));
        return KolmogorovDistribution.sf(lambda);
    }

    /**
     * Pearson's r as scipy.stats.pearsonr forms it (deviations normalised to unit length, then their
     * dot product, clipped to [−1, 1]); empty where scipy gives NaN or raises. Following scipy's order
     * of operations matters near |r| = 1, where the p-value's √(1 − (r1² + r2²)/2) turns an ulp of r
     * into ~1e-8.
     */
    private static OptionalDouble pearson(double[] x, double[] y) {
        if (x.length < 2 || isConstant(x) || isConstant(y)) {
            return OptionalDouble.empty();
        }
        if (x.length == 2) {
            // scipy rounds a two-point r to exactly ±1 rather than leaving it an ulp short.
            return OptionalDouble.of(Math.signum(x[1] - x[0]) * Math.signum(y[1] - y[0]));
        }
        double mx = mean(x);
        double my = mean(y);
        double nx = deviationNorm(x, mx);
        double ny = deviationNorm(y, my);
        double r = 0;
        for (int i = 0; i < x.length; i++) {
            r += ((x[i] - mx) / nx) * ((y[i] - my) / ny);
        }
        if (Double.isNaN(r)) {
            // Values near ±Double.MAX_VALUE overflow the deviations; scipy returns NaN there too.
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(-1.0, Math.min(1.0, r)));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** Euclidean norm of the deviations, scaled by their largest magnitude so squares cannot overflow. */
    private static double deviationNorm(double[] values, double mean) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, Math.abs(value - mean));
        }
        double sum = 0;
        for (double value : values) {
            double scaled = (value - mean) / max;
            sum += scaled * scaled;
        }
        return max * Math.sqrt(sum);
    }

    private static boolean isConstant(double[] values) {
        for (double value : values) {
            if (value != values[0]) {
                return false;
            }
        }
        return true;
    }
}
