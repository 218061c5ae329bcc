package org.ascore.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap against an independent one written here: java.util.Random draws, the O(n²)
 * {@link BruteForceKs2d}, and percentiles by hand.
 */
class BootstrapTest {

    /** Points of a bivariate normal with correlation rho, shifted by shift along both axes. */
    private static Bootstrap.Sample normal(SplittableRandom r, int n, double rho, double shift) {
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double a = gaussian(r);
            double b = gaussian(r);
            c[i] = a + shift;
            v[i] = rho * a + Math.sqrt(1 - rho * rho) * b + shift;
        }
        return new Bootstrap.Sample(c, v);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void resampledPointsWithTiesGiveTheDefinitionsD() {
        // Resamples repeat points, and rounding adds ties between different points on each axis.
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            Bootstrap.Sample real = rounded(normal(r, 5 + r.nextInt(60), 0.4, 0));
            Bootstrap.Sample gen = rounded(normal(r, 5 + r.nextInt(60), 0.1, 0.3));
            Bootstrap.Sample rr = resample(real, r);
            Bootstrap.Sample gg = resample(gen, r);
            assertEquals(BruteForceKs2d.twoSample(rr.c(), rr.v(), gg.c(), gg.v()).d(),
                    Ks2d.statistic(rr.c(), rr.v(), gg.c(), gg.v()), 0.0, "trial " + trial);
        }
    }

    private static Bootstrap.Sample rounded(Bootstrap.Sample s) {
        return new Bootstrap.Sample(Arrays.stream(s.c()).map(x -> Math.round(x * 4) / 4.0).toArray(),
                Arrays.stream(s.v()).map(x -> Math.round(x * 4) / 4.0).toArray());
    }

    private static Bootstrap.Sample resample(Bootstrap.Sample s, SplittableRandom r) {
        int n = s.size();
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int j = r.nextInt(n);
            c[i] = s.c()[j];
            v[i] = s.v()[j];
        }
        return new Bootstrap.Sample(c, v);
    }

    @Test
    void intervalBracketsAsAndMatchesAnIndependentBootstrap() {
        SplittableRandom data = new SplittableRandom(11);
        Bootstrap.Sample real = normal(data, 240, 0.5, 0);
        Bootstrap.Sample gen = normal(data, 180, 0.2, 0.4);
        int replicates = 1000;

        Bootstrap b = new Bootstrap(7, "real", real, Map.of("g", gen));
        double[][] d = new double[replicates][];
        for (int i = 0; i < replicates; i++) {
            d[i] = b.replicate(i);
        }
        Bootstrap.Interval production = Bootstrap.summarize(b.sources(), d).intervals().get("g");

        Random random = new Random(12345);
        double[] independent = new double[replicates];
        for (int i = 0; i < replicates; i++) {
            int[] ri = draw(random, real.size());
            int[] gi = draw(random, gen.size());
            independent[i] = BruteForceKs2d.twoSample(pick(real.c(), ri), pick(real.v(), ri), pick(gen.c(), gi),
                    pick(gen.v(), gi)).d();
        }
        Arrays.sort(independent);
        double low = quantile(independent, 0.025);
        double high = quantile(independent, 0.975);
        double as = BruteForceKs2d.twoSample(real.c(), real.v(), gen.c(), gen.v()).d();

        assertTrue(production.low() <= as && as <= production.high(), production + " brackets AS " + as);
        // Monte-Carlo standard error of a 2.5 % quantile of R draws of a roughly normal statistic:
        // sqrt(p (1 - p) / R) / φ(1.96) standard deviations; two independent estimates differ by
        // sqrt(2) times that. Allow four of those.
        double sd = sd(independent);
        double tolerance = 4 * Math.sqrt(2) * Math.sqrt(0.025 * 0.975 / replicates) / 0.05844 * sd;
        assertEquals(low, production.low(), tolerance, "low end");
        assertEquals(high, production.high(), tolerance, "high end");
        assertTrue(high - low > 5 * tolerance, "the interval is wider than the tolerance: " + low + " " + high);
    }

    private static int[] draw(Random random, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextInt(n);
        }
        return out;
    }

    private static double[] pick(double[] values, int[] indices) {
        return Arrays.stream(indices).mapToDouble(i -> values[i]).toArray();
    }

    /** Linear interpolation between order statistics (numpy's default). */
    private static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double sd(double[] x) {
        double mean = Arrays.stream(x).average().orElseThrow();
        return Math.sqrt(Arrays.stream(x).map(a -> (a - mean) * (a - mean)).sum() / (x.length - 1));
    }

    @Test
    void percentileIntervalUsesLinearInterpolation() {
        double[] values = {5, 1, 4, 2, 3};
        Bootstrap.Interval i = Bootstrap.percentileInterval(values);
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(quantile(sorted, 0.025), i.low(), 1e-12);
        assertEquals(quantile(sorted, 0.975), i.high(), 1e-12);
    }

    @Test
    void aClearlyBetterSourceIsCloserInNearlyEveryReplicate() {
        SplittableRandom data = new SplittableRandom(5);
        Bootstrap.Sample real = normal(data, 400, 0.5, 0);
        Map<String, Bootstrap.Sample> gen = new LinkedHashMap<>();
        gen.put("good", normal(data, 400, 0.5, 0.05));
        gen.put("bad", normal(data, 400, 0.0, 0.8));
        Bootstrap.Result result = summarize(new Bootstrap(1, "real", real, gen), 300);

        Bootstrap.Comparison goodVsBad = find(result, "good", "bad");
        Bootstrap.Comparison badVsGood = find(result, "bad", "good");
        assertTrue(goodVsBad.fractionACloser() > 0.99, "good closer: " + goodVsBad.fractionACloser());
        assertTrue(badVsGood.fractionACloser() < 0.01, "bad closer: " + badVsGood.fractionACloser());
        assertTrue(goodVsBad.diff().high() < 0, "good − bad below 0: " + goodVsBad.diff());
        assertEquals(-goodVsBad.diff().low(), badVsGood.diff().high(), 1e-12);
        assertEquals(2, result.comparisons().size());
    }

    @Test
    void twoSamplesOfOneDistributionAreCloserHalfOfTheTime() {
        // For one data set the fraction depends on which sample happened to land closer; over many
        // data sets it averages one half, less half the share of tied replicates.
        SplittableRandom data = new SplittableRandom(9);
        int datasets = 40;
        double sum = 0;
        double ties = 0;
        for (int k = 0; k < datasets; k++) {
            Bootstrap.Sample real = normal(data, 300, 0.5, 0);
            Map<String, Bootstrap.Sample> gen = new LinkedHashMap<>();
            gen.put("a", normal(data, 300, 0.3, 0.2));
            gen.put("b", normal(data, 300, 0.3, 0.2));
            Bootstrap.Result result = summarize(new Bootstrap(k, "real", real, gen), 200);
            double ab = find(result, "a", "b").fractionACloser();
            double ba = find(result, "b", "a").fractionACloser();
            sum += ab;
            ties += 1 - ab - ba;
        }
        double mean = sum / datasets;
        double expected = (1 - ties / datasets) / 2;
        // Uniform-like spread of the per-data-set fraction: sd ≈ 0.29 / sqrt(40) ≈ 0.046.
        assertEquals(expected, mean, 0.14, "mean fraction over " + datasets + " data sets");
        assertTrue(ties / datasets < 0.1, "tied replicates " + ties / datasets);
    }

    @Test
    void replicatesDependOnTheirIndexAndSeedOnly() {
        SplittableRandom data = new SplittableRandom(2);
        Bootstrap.Sample real = normal(data, 100, 0.5, 0);
        Bootstrap.Sample g = normal(data, 80, 0.5, 0.3);
        Bootstrap.Sample h = normal(data, 90, 0.5, 0.6);
        Map<String, Bootstrap.Sample> one = new LinkedHashMap<>();
        one.put("g", g);
        Map<String, Bootstrap.Sample> two = new LinkedHashMap<>();
        two.put("h", h);
        two.put("g", g);
        Bootstrap alone = new Bootstrap(4, "real", real, one);
        Bootstrap both = new Bootstrap(4, "real", real, two);
        assertArrayEquals(alone.replicate(17), alone.replicate(17));
        assertEquals(alone.replicate(17)[0], both.replicate(17)[1], 0.0, "adding a source keeps g's draws");
        assertFalse(alone.replicate(17)[0] == alone.replicate(18)[0] && alone.replicate(18)[0] == alone.replicate(19)[0]);
        assertFalse(alone.replicate(17)[0] == new Bootstrap(5, "real", real, one).replicate(17)[0]
                && alone.replicate(18)[0] == new Bootstrap(5, "real", real, one).replicate(18)[0]);
        assertEquals(List.of("h", "g"), both.sources());
    }

    private static Bootstrap.Result summarize(Bootstrap b, int replicates) {
        double[][] d = new double[replicates][];
        for (int i = 0; i < replicates; i++) {
            d[i] = b.replicate(i);
        }
        return Bootstrap.summarize(b.sources(), d);
    }

    private static Bootstrap.Comparison find(Bootstrap.Result result, String a, String b) {
        return result.comparisons().stream().filter(c -> c.sourceA().equals(a) && c.sourceB().equals(b))
                .findFirst().orElseThrow();
    }
}
