package org.ascore.metric;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-image draws against analytic references (normal and uniform laws), their independence
 * across keys, and the generator against an independent xoshiro256++ written here.
 */
class NoiseSourceTest {
    private static final int N = 3 * 224 * 224;
    private final NoiseSource source = new NoiseSource(0, "model");

    @Test
    void gaussianNoiseFollowsTheStandardNormalLaw() {
        double[] x = toDouble(source.complexityNoise("image-1", N, NoiseKind.GAUSSIAN));
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (N - 1);
        // 5 standard errors: mean's is 1/sqrt(N), the variance's sqrt(2/N).
        assertEquals(0, mean, 5 / Math.sqrt(N));
        assertEquals(1, var, 5 * Math.sqrt(2.0 / N));
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(0, 1), x);
        assertTrue(p > 1e-3, "KS test against N(0, 1): p = " + p);
        long beyond3 = Arrays.stream(x).filter(v -> Math.abs(v) > 3).count();
        double expected = 2 * new NormalDistribution(0, 1).cumulativeProbability(-3) * N;
        assertEquals(expected, beyond3, 5 * Math.sqrt(expected), "draws beyond 3 sigma");
    }

    @Test
    void fourMillionGaussianDrawsMatchTheNormalLawInBulkLayersAndTail() {
        int n = 1 << 22;
        NormalDistribution normal = new NormalDistribution(0, 1);
        double[] x = toDouble(source.complexityNoise("image-big", n, NoiseKind.GAUSSIAN));
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(normal, x);
        assertTrue(p > 1e-3, "KS test against N(0, 1): p = " + p);

        // Moments, each within 5 standard errors of its normal value (SEs from the normal law).
        double m1 = 0;
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            m1 += v;
            m2 += v * v;
            m4 += v * v * v * v;
        }
        m1 /= n;
        m2 /= n;
        m4 /= n;
        assertEquals(0, m1, 5 / Math.sqrt(n), "mean");
        assertEquals(1, m2, 5 * Math.sqrt(2.0 / n), "variance");
        assertEquals(3, m4 / (m2 * m2), 5 * Math.sqrt(24.0 / n), "kurtosis");

        // A chi-square over 1000 equiprobable bins sees a wrong density in any one ziggurat layer.
        int bins = 1000;
        double[] edges = new double[bins - 1];
        for (int b = 1; b < bins; b++) {
            edges[b - 1] = normal.inverseCumulativeProbability((double) b / bins);
        }
        long[] counts = new long[bins];
        for (double v : x) {
            int at = Arrays.binarySearch(edges, v);
            counts[at >= 0 ? at : -at - 1]++;
        }
        double expected = (double) n / bins;
        double chi2 = Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        double critical = new ChiSquaredDistribution(bins - 1).inverseCumulativeProbability(1 - 1e-3);
        assertTrue(chi2 < critical, "chi-square over " + bins + " bins: " + chi2 + " >= " + critical);

        // Tail frequencies, beyond 3, 3.5 (the base layer ends at 3.65) and 4, against 2(1 - Φ).
        for (double t : new double[] {3, 3.5, 4}) {
            long beyond = Arrays.stream(x).filter(v -> Math.abs(v) > t).count();
            double mean = 2 * normal.cumulativeProbability(-t) * n;
            assertEquals(mean, beyond, 5 * Math.sqrt(mean), "draws beyond " + t);
        }
        // The shape of the tail: |x| given |x| > 3.5, mapped by its conditional upper-tail
        // probability Φ(-|x|) / Φ(-3.5), is uniform on (0, 1).
        double[] tail = Arrays.stream(x).filter(v -> Math.abs(v) > 3.5)
                .map(v -> normal.cumulativeProbability(-Math.abs(v)) / normal.cumulativeProbability(-3.5)).toArray();
        double pTail = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), tail);
        assertTrue(pTail > 1e-3, "KS test of the tail beyond 3.5 (" + tail.length + " draws): p = " + pTail);

        // Signs are balanced, and neighbouring draws and their squares are uncorrelated.
        long negative = Arrays.stream(x).filter(v -> v < 0).count();
        assertEquals(n / 2.0, negative, 5 * Math.sqrt(n / 4.0), "negative draws");
        float[] f = source.complexityNoise("image-big", n, NoiseKind.GAUSSIAN);
        float[] squares = new float[n];
        for (int i = 0; i < n; i++) {
            squares[i] = f[i] * f[i];
        }
        for (float[] a : new float[][] {f, squares}) {
            double r = correlation(Arrays.copyOfRange(a, 1, n), Arrays.copyOf(a, n - 1));
            assertTrue(Math.abs(r) < 5 / Math.sqrt(n), "lag-1 correlation " + r);
        }
    }

    @Test
    void theTailSamplerDrawsTheNormalConditionedOnExceedingTheBaseLayer() {
        // Only about 1 draw in 4000 reaches the tail, so its law is tested on the sampler itself:
        // R + tail, mapped by its conditional upper-tail probability Φ(-x) / Φ(-R), is uniform.
        NormalDistribution normal = new NormalDistribution(0, 1);
        NoiseSource.Xoshiro256PlusPlus g = source.generator("tail", "test");
        double[] u = new double[1 << 20];
        for (int i = 0; i < u.length; i++) {
            double x = NoiseSource.R + NoiseSource.tail(g);
            u[i] = normal.cumulativeProbability(-x) / normal.cumulativeProbability(-NoiseSource.R);
        }
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), u);
        assertTrue(p > 1e-3, "KS test of the tail: p = " + p);
    }

    @Test
    void aMillionJitterDrawsAreUniformOnPlusMinusHalfWidth() {
        int n = 1 << 20;
        double h = 0.5;
        float[] j = source.attackJitter("image-big", n, h);
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(j[i]) < h, "jitter " + j[i]);
            scaled[i] = j[i] / h;
        }
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(-1, 1), scaled);
        assertTrue(p > 1e-3, "KS test against U(-1, 1): p = " + p);
        // Even and odd positions (the two halves of one generator output) are each uniform and
        // uncorrelated with each other.
        double[] even = new double[n / 2];
        double[] odd = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            even[i] = scaled[2 * i];
            odd[i] = scaled[2 * i + 1];
        }
        for (double[] half : new double[][] {even, odd}) {
            double ph = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(-1, 1), half);
            assertTrue(ph > 1e-3, "KS test of one half: p = " + ph);
        }
        double r = correlation(toFloat(even), toFloat(odd));
        assertTrue(Math.abs(r) < 5 / Math.sqrt(n / 2.0), "correlation of the two halves " + r);
    }

    @Test
    void drawsDependOnTheKeyAloneNotOnOrderOrLength() {
        NoiseSource other = new NoiseSource(0, "model");
        // Other images drawn in between, and in the other order, change nothing.
        float[] a1 = source.complexityNoise("a", 1000, NoiseKind.GAUSSIAN);
        float[] b1 = source.attackJitter("b", 1000, 1);
        other.complexityNoise("c", 1000, NoiseKind.GAUSSIAN);
        float[] b2 = other.attackJitter("b", 1000, 1);
        float[] a2 = other.complexityNoise("a", 1000, NoiseKind.GAUSSIAN);
        assertArrayEquals(a1, a2);
        assertArrayEquals(b1, b2);
        // A shorter draw is the start of a longer one (odd lengths included).
        for (int len : new int[] {1, 7, 999}) {
            assertArrayEquals(Arrays.copyOf(a1, len), source.complexityNoise("a", len, NoiseKind.GAUSSIAN));
            assertArrayEquals(Arrays.copyOf(b1, len), source.attackJitter("b", len, 1));
        }
    }

    @Test
    void uniformNoiseIsMinusOneZeroOneWithEqualFrequencies() {
        float[] x = source.complexityNoise("image-1", N, NoiseKind.UNIFORM);
        int[] counts = new int[3];
        for (float v : x) {
            assertTrue(v == -1 || v == 0 || v == 1, "value " + v);
            counts[(int) v + 1]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += Math.pow(c - N / 3.0, 2) / (N / 3.0);
        }
        // chi-square with 2 degrees of freedom: P(chi2 > 13.8) = 1e-3.
        assertTrue(chi2 < 13.8, "counts " + Arrays.toString(counts) + ", chi2 = " + chi2);
    }

    @Test
    void jitterIsUniformOnPlusMinusHalfWidth() {
        double h = 1e-6;
        float[] j = source.attackJitter("image-1", N, h);
        double[] scaled = new double[N];
        for (int i = 0; i < N; i++) {
            assertTrue(Math.abs(j[i]) <= h, "jitter " + j[i]);
            scaled[i] = j[i] / h;
        }
        double mean = Arrays.stream(scaled).average().orElseThrow();
        double var = Arrays.stream(scaled).map(v -> (v - mean) * (v - mean)).sum() / (N - 1);
        assertEquals(0, mean, 5 * Math.sqrt(1 / 3.0 / N));
        assertEquals(1 / 3.0, var, 5 * Math.sqrt(4 / 45.0 / N));
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(-1, 1), scaled);
        assertTrue(p > 1e-3, "KS test against U(-1, 1): p = " + p);
        assertTrue(Arrays.stream(scaled).min().orElseThrow() < -0.999 && Arrays.stream(scaled).max().orElseThrow() > 0.999,
                "jitter does not fill its range");
    }

    @Test
    void theSameKeyGivesTheSameDrawsAndAnyOtherKeyAnUncorrelatedStream() {
        float[] a = source.complexityNoise("image-1", N, NoiseKind.GAUSSIAN);
        assertArrayEquals(a, new NoiseSource(0, "model").complexityNoise("image-1", N, NoiseKind.GAUSSIAN));
        assertArrayEquals(source.attackJitter("image-1", 100, 1), new NoiseSource(0, "model").attackJitter("image-1", 100, 1));
        float[][] others = {
            source.complexityNoise("image-2", N, NoiseKind.GAUSSIAN),
            new NoiseSource(1, "model").complexityNoise("image-1", N, NoiseKind.GAUSSIAN),
            new NoiseSource(0, "model2").complexityNoise("image-1", N, NoiseKind.GAUSSIAN),
            // Same image, other purpose: the jitter's stream.
            source.attackJitter("image-1", N, 1)};
        for (float[] b : others) {
            double r = correlation(a, b);
            assertTrue(Math.abs(r) < 5 / Math.sqrt(N), "correlation " + r);
            // and not a shifted copy of the same stream
            assertTrue(Math.abs(correlation(Arrays.copyOfRange(a, 1, N), Arrays.copyOf(b, N - 1))) < 5 / Math.sqrt(N));
        }
    }

    @Test
    void streamsAreXoshiro256PlusPlusStartingAtTheSha256OfTheKey() throws Exception {
        // The key's byte layout: seed (8 bytes, big-endian), then each of image id, model, purpose
        // as a 4-byte length and its UTF-8 bytes.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(HexFormat.of().parseHex("000000000000002a"));
        for (String part : new String[] {"abc", "model", "complexity"}) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
            sha.update(b);
        }
        ByteBuffer digest = ByteBuffer.wrap(sha.digest());
        long[] s = {digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong()};
        NoiseSource.Xoshiro256PlusPlus rng = new NoiseSource(42, "model").generator("abc", "complexity");
        for (int i = 0; i < 1000; i++) {
            assertEquals(xoshiro256PlusPlus(s), rng.nextLong(), "output " + i);
        }
    }

    @Test
    void paramsIdDiffersFromTheOneOfTheJavaUtilRandomDraws() throws Exception {
        // The params id before the generator was part of it, computed here from its definition.
        String canonical = String.join("|", "K=10", "eps_c=0.01", "noise=GAUSSIAN", "J=10",
                "eps_v=" + 8.0 / 255, "alpha=" + 2.0 / 255, "jitter=1.0E-6", "dir=REFERENCE", "seed=0", "pre=p");
        String now = MetricParams.DEFAULT.paramsId("p");
        // The definition is read right: with the generator's name appended it gives today's id.
        assertEquals(shortSha(canonical + "|rng=" + NoiseSource.GENERATOR), now);
        assertNotEquals(shortSha(canonical), now);
    }

    private static String shortSha(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)),
                0, 6);
    }

    /** Blackman and Vigna's xoshiro256++ (prng.di.unimi.it/xoshiro256plusplus.c), one output. */
    private static long xoshiro256PlusPlus(long[] s) {
        long result = Long.rotateLeft(s[0] + s[3], 23) + s[0];
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static float[] toFloat(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
