package org.ascore.stats;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Nonparametric bootstrap of the AS of several generated sources against one real set.
 *
 * <p>A replicate resamples the real points once and every generated source independently, each
 * with replacement and at its own size, and computes D of every source against that one real
 * resample, so differences between sources within a replicate share the real set's noise (which
 * the paired comparison needs). Every draw is seeded from the job seed, the set's name and the
 * replicate's index alone: a replicate gives the same D whichever task computes it, and adding a
 * source does not change another source's interval.
 *
 * <p>Resamples repeat points; {@link Ks2d} counts repeated points the way the definition does
 * (each copy is an origin and lies in its own quadrant "at most"), so no jitter is applied.
 */
public final class Bootstrap implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Coverage of the percentile interval. */
    public static final double LEVEL = 0.95;

    private final long seed;
    private final String realName;
    private final Sample real;
    private final List<String> sources;
    private final List<Sample> generated;

    /** (C, V) points of one set. */
    public record Sample(double[] c, double[] v) implements Serializable {
        public Sample {
            if (c.length != v.length) {
                throw new IllegalArgumentException("c has " + c.length + " values but v has " + v.length);
            }
            if (c.length == 0) {
                throw new IllegalArgumentException("a bootstrap sample needs at least one point");
            }
        }

        public int size() {
            return c.length;
        }
    }

    /**
     * @param seed      the job seed ({@code ascore.seed})
     * @param realName  the real set's label, part of its draws' seed
     * @param generated non-empty generated sets by source label, in output order
     */
    public Bootstrap(long seed, String realName, Sample real, Map<String, Sample> generated) {
        this.seed = seed;
        this.realName = realName;
        this.real = real;
        this.sources = List.copyOf(generated.keySet());
        this.generated = List.copyOf(generated.values());
    }

    public List<String> sources() {
        return sources;
    }

    /** D of every source (in {@link #sources()} order) in replicate {@code index}. */
    public double[] replicate(int index) {
        Sample r = resample(real, streamSeed("real", realName, index));
        double[] d = new double[generated.size()];
        for (int s = 0; s < d.length; s++) {
            Sample g = resample(generated.get(s), streamSeed("generated", sources.get(s), index));
            d[s] = Ks2d.statistic(r.c(), r.v(), g.c(), g.v());
        }
        return d;
    }

    private static Sample resample(Sample from, long streamSeed) {
        SplittableRandom random = new SplittableRandom(streamSeed);
        int n = from.size();
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(n);
            c[i] = from.c()[j];
            v[i] = from.v()[j];
        }
        return new Sample(c, v);
    }

    private long streamSeed(String split, String name, int index) {
        long h = mix(seed);
        for (byte b : (split + '\u0000' + name).getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        return mix(h ^ index);
    }

    /** SplitMix64's finalizer: a bijective 64-bit mix, so distinct inputs give distinct seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A two-sided percentile interval. */
    public record Interval(double low, double high) {
    }

    /**
     * The {@link #LEVEL} percentile interval of replicate values, with numpy's default (linear,
     * "R-7") interpolation between order statistics.
     */
    public static Interval percentileInterval(double[] replicates) {
        if (replicates.length == 0) {
            throw new IllegalArgumentException("no bootstrap replicate");
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(replicates);
        double tail = (1 - LEVEL) / 2 * 100;
        return new Interval(p.evaluate(tail), p.evaluate(100 - tail));
    }

    /** Paired comparison of source A with source B over the same replicates. */
    public record Comparison(String sourceA, String sourceB, Interval diff, double fractionACloser) {
    }

    /**
     * @param d d[r][s]: D of source s in replicate r, as from {@link #replicate}
     * @return per source, its interval; then every ordered pair's comparison
     */
    public static Result summarize(List<String> sources, double[][] d) {
        int k = sources.size();
        Map<String, Interval> intervals = new LinkedHashMap<>();
        for (int s = 0; s < k; s++) {
            intervals.put(sources.get(s), percentileInterval(column(d, s)));
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (a == b) {
                    continue;
                }
                double[] diff = new double[d.length];
                int closer = 0;
                for (int r = 0; r < d.length; r++) {
                    diff[r] = d[r][a] - d[r][b];
                    if (d[r][a] < d[r][b]) {
                        closer++;
                    }
                }
                comparisons.add(new Comparison(sources.get(a), sources.get(b), percentileInterval(diff),
                        (double) closer / d.length));
            }
        }
        return new Result(d.length, intervals, comparisons);
    }

    /** Intervals of every source's D and the comparisons of every ordered pair of sources. */
    public record Result(int replicates, Map<String, Interval> intervals, List<Comparison> comparisons) {
    }

    private static double[] column(double[][] d, int s) {
        double[] out = new double[d.length];
        for (int r = 0; r < d.length; r++) {
            out[r] = d[r][s];
        }
        return out;
    }
}
