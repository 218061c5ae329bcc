package org.ascore.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ascore.io.PointsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Ks2dTest {

    private static final Path REFERENCE_CASES = Path.of("src", "test", "resources", "ks");

    static Stream<Path> referenceCases() throws IOException {
        try (Stream<Path> dirs = Files.list(REFERENCE_CASES)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void matchesNdtestOnReferenceCases(Path dir) throws IOException {
        PointsCsv.Points real = PointsCsv.read(dir.resolve("real.csv"));
        PointsCsv.Points generated = PointsCsv.read(dir.resolve("generated.csv"));
        String expected = Files.readString(dir.resolve("expected.json"));

        KsResult result = Ks2d.twoSample(real.c(), real.v(), generated.c(), generated.v());

        assertEquals(Integer.parseInt(jsonField(expected, "n_real")), result.nReal());
        assertEquals(Integer.parseInt(jsonField(expected, "n_generated")), result.nGenerated());
        assertEquals(Double.parseDouble(jsonField(expected, "d")), result.d(), 1e-12);
        String p = jsonField(expected, "p_value");
        if (p.equals("null")) {
            assertNull(result.pValue());
        } else {
            assertRelative(Double.parseDouble(p), result.pValue(), 1e-9, dir.toString());
        }
    }

    @Test
    void agreesWithBruteForceOnRandomTiedSamples() {
        for (int seed = 0; seed < 3000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int kind = seed % 6;
            double[][] real = sample(random, size(random), kind);
            double[][] generated = kind == 5
                    ? mixWith(random, real, size(random))
                    : sample(random, size(random), kind);
            KsResult expected = BruteForceKs2d.twoSample(real[0], real[1], generated[0], generated[1]);
            KsResult actual = Ks2d.twoSample(real[0], real[1], generated[0], generated[1]);
            String where = "seed " + seed;
            assertEquals(expected.d(), actual.d(), 0.0, where);
            if (expected.pValue() == null) {
                assertNull(actual.pValue(), where);
            } else {
                assertRelative(expected.pValue(), actual.pValue(), 1e-9, where);
            }
        }
    }

    @Test
    void agreesWithBruteForceOnLargerTiedSamples() {
        for (int kind : new int[] {1, 2, 5}) {
            SplittableRandom random = new SplittableRandom(kind);
            double[][] real = sample(random, 1500, kind);
            double[][] generated = kind == 5 ? mixWith(random, real, 1100) : sample(random, 1100, kind);
            KsResult expected = BruteForceKs2d.twoSample(real[0], real[1], generated[0], generated[1]);
            KsResult actual = Ks2d.twoSample(real[0], real[1], generated[0], generated[1]);
            assertEquals(expected.d(), actual.d(), 0.0, "kind " + kind);
            assertRelative(expected.pValue(), actual.pValue(), 1e-9, "kind " + kind);
        }
    }

    /** ndtest's ks2d2s under scipy 1.17.1, whose pearsonr makes a two-point r exactly ±1. */
    @Test
    void twoPointSamplesMatchNdtest() {
        KsResult result = Ks2d.twoSample(new double[] {-0.3, -0.6}, new double[] {-0.4, -0.2},
                new double[] {0.3, 0.2}, new double[] {-0.3, -0.6});
        assertEquals(1.0, result.d(), 0.0);
        assertRelative(0.26999967167735456, result.pValue(), 1e-12, "two points");
    }

    @Test
    void identicalSamplesGiveOneOverN() {
        double[] c = {0.5, 0.1, 0.1, 0.9, 0.3};
        double[] v = {0.2, 0.7, 0.7, 0.4, 0.0};
        assertEquals(1.0 / 5, Ks2d.statistic(c, v, c, v), 0.0);
    }

    @Test
    void statisticIsSymmetric() {
        SplittableRandom random = new SplittableRandom(42);
        double[][] a = sample(random, 300, 1);
        double[][] b = sample(random, 170, 1);
        assertEquals(Ks2d.statistic(a[0], a[1], b[0], b[1]), Ks2d.statistic(b[0], b[1], a[0], a[1]), 0.0);
    }

    @Test
    void negativeZeroTiesWithZero() {
        double[] c1 = {0.0, 1.0, -1.0};
        double[] v1 = {-0.0, 2.0, 0.0};
        double[] c2 = {-0.0, 0.5};
        double[] v2 = {0.0, -0.0};
        assertEquals(BruteForceKs2d.twoSample(c1, v1, c2, v2).d(), Ks2d.statistic(c1, v1, c2, v2), 0.0);
    }

    @Test
    void ordersExtremeMagnitudes() {
        double[] c1 = {Double.MAX_VALUE, -Double.MIN_VALUE, 0.0, -Double.MAX_VALUE, 1e-300, -1.5};
        double[] v1 = {Double.MIN_VALUE, -0.0, -Double.MAX_VALUE, 3.0, Double.MAX_VALUE, -1e300};
        double[] c2 = {-0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 2.0};
        double[] v2 = {-1e-300, 0.0, Double.MAX_VALUE, -Double.MIN_VALUE};
        assertEquals(BruteForceKs2d.twoSample(c1, v1, c2, v2).d(), Ks2d.statistic(c1, v1, c2, v2), 0.0);
    }

    @Test
    void pValueIsNullForConstantColumnOrSinglePoint() {
        double[] c = {1, 2, 3, 4};
        double[] v = {4, 1, 3, 2};
        assertNull(Ks2d.twoSample(c, v, new double[] {1, 1, 1}, new double[] {1, 2, 3}).pValue());
        assertNull(Ks2d.twoSample(c, new double[] {7, 7, 7, 7}, c, v).pValue());
        assertNull(Ks2d.twoSample(c, v, new double[] {2.5}, new double[] {2.5}).pValue());
        assertNotNull(Ks2d.twoSample(c, v, new double[] {1, 2}, new double[] {2, 1}).pValue());
    }

    @Test
    void rejectsBadInput() {
        double[] ok = {1, 2, 3};
        assertMessage("real sample is empty", () -> Ks2d.twoSample(new double[0], new double[0], ok, ok));
        assertMessage("generated sample: c has 3 values but v has 2",
                () -> Ks2d.twoSample(ok, ok, ok, new double[] {1, 2}));
        assertMessage("real sample: v[1] is NaN", () -> Ks2d.twoSample(ok, new double[] {1, Double.NaN, 3}, ok, ok));
        assertMessage("generated sample: c[2] is Infinity",
                () -> Ks2d.twoSample(ok, ok, new double[] {1, 2, Double.POSITIVE_INFINITY}, ok));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    private static void assertRelative(double expected, Double actual, double tolerance, String where) {
        assertNotNull(actual, where + ": p-value expected " + expected + " but was null");
        assertTrue(Math.abs(actual - expected) <= tolerance * Math.abs(expected),
                where + ": p-value expected " + expected + " but was " + actual);
    }

    /** Sizes concentrate on the degenerate 1 and 2 and on small samples, where ties dominate. */
    private static int size(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(2);
            case 1 -> 1 + random.nextInt(8);
            default -> 1 + random.nextInt(60);
        };
    }

    /**
     * Kinds: 0 continuous, 1 rounded to one decimal, 2 small integer grid with signed zeros, 3 a constant
     * c column, 4 continuous c with integer v, 5 one-decimal values (the other sample reuses its points).
     */
    private static double[][] sample(SplittableRandom random, int n, int kind) {
        double[] c = new double[n];
        double[] v = new double[n];
        double constant = Math.rint(random.nextDouble() * 10) / 10;
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            double y = random.nextGaussian() + 0.5 * x;
            switch (kind) {
                case 0 -> {
                    c[i] = x;
                    v[i] = y;
                }
                case 1, 5 -> {
                    c[i] = Math.rint(x * 10) / 10;
                    v[i] = Math.rint(y * 10) / 10;
                }
                case 2 -> {
                    c[i] = signedZero(random, random.nextInt(-1, 3));
                    v[i] = signedZero(random, random.nextInt(0, 3));
                }
                case 3 -> {
                    c[i] = constant;
                    v[i] = Math.rint(y * 10) / 10;
                }
                default -> {
                    c[i] = x;
                    v[i] = random.nextInt(0, 4);
                }
            }
        }
        return new double[][] {c, v};
    }

    private static double signedZero(SplittableRandom random, int value) {
        return value == 0 && random.nextBoolean() ? -0.0 : value;
    }

    /** A sample drawing most points from another, so that both samples share exact coordinates. */
    private static double[][] mixWith(SplittableRandom random, double[][] other, int n) {
        double[][] own = sample(random, n, 5);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(4) != 0) {
                int j = random.nextInt(other[0].length);
                own[0][i] = other[0][j];
                own[1][i] = random.nextBoolean() ? other[1][j] : own[1][i];
            }
        }
        return own;
    }

    private static String jsonField(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(null|[-+0-9.eE]+)").matcher(json);
        assertTrue(m.find(), "expected.json has no numeric field " + name);
        return m.group(1);
    }
}
