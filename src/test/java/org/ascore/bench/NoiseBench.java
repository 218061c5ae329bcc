package org.ascore.bench;

import org.ascore.metric.NoiseKind;
import org.ascore.metric.NoiseSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark (not a test) of the per-image draws: Gaussian complexity noise plus uniform attack
 * jitter for one 3×224×224 image, with {@link NoiseSource} against the generator it replaced
 * (java.util.Random seeded with 64 bits of the same SHA-256 key, {@code nextGaussian} and
 * {@code nextDouble}), reproduced here as the baseline. Single-threaded, the two alternating image
 * by image; reports the median CPU time per image over {@code -Dnoise.reps=N} images (default
 * 200) after a warm-up. See BENCHMARKS.md.
 */
public final class NoiseBench {
    private static final int LENGTH = 3 * 224 * 224;

    private NoiseBench() {
    }

    public static void main(String[] args) {
        int reps = Integer.getInteger("noise.reps", 200);
        System.out.printf(Locale.ROOT, "# java %s, %d processors; %d draws per image and purpose, %d images%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), LENGTH, reps);
        NoiseSource current = new NoiseSource(0, "bench");
        Generator now = id -> {
            float[] n = current.complexityNoise(id, LENGTH, NoiseKind.GAUSSIAN);
            float[] j = current.attackJitter(id, LENGTH, 1e-6);
            return n[0] + j[0];
        };
        Generator before = NoiseBench::javaUtilRandom;
        for (int round = 0; round < 2; round++) {
            // Round 0 warms both up; round 1 is reported.
            double[][] ms = cpuMs(before, now, reps, round);
            if (round == 1) {
                System.out.println("| generator | median CPU ms per image (noise + jitter) |");
                System.out.println("|---|---:|");
                System.out.printf(Locale.ROOT, "| java.util.Random (before) | %.2f |%n", Stats.median(ms[0]));
                System.out.printf(Locale.ROOT, "| %s (now) | %.2f |%n", NoiseSource.GENERATOR, Stats.median(ms[1]));
                System.out.printf(Locale.ROOT, "speed-up: %.1fx%n", Stats.median(ms[0]) / Stats.median(ms[1]));
            }
        }
    }

    private interface Generator {
        float draw(String imageId);
    }

    /**
     * CPU ms per image of each generator, the two alternating image by image so that a shared
     * machine's changing load weighs on both alike.
     */
    private static double[][] cpuMs(Generator a, Generator b, int reps, int round) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Generator[] gs = {a, b};
        double[][] ms = new double[2][reps];
        float sink = 0;
        for (int i = 0; i < reps; i++) {
            for (int g = 0; g < 2; g++) {
                long t0 = threads.getCurrentThreadCpuTime();
                sink += gs[g].draw("image-" + round + "-" + i);
                ms[g][i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
            }
        }
        if (sink == Float.MAX_VALUE) {
            System.out.println("(keeps the draws alive)");
        }
        return ms;
    }

    /** The draws as ascore made them before xoshiro256++: one java.util.Random per image and purpose. */
    private static float javaUtilRandom(String imageId) {
        Random noise = new Random(seed(imageId, "complexity"));
        float[] n = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            n[i] = (float) noise.nextGaussian();
        }
        Random jitter = new Random(seed(imageId, "vulnerability"));
        float[] j = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            j[i] = (float) ((2 * jitter.nextDouble() - 1) * 1e-6);
        }
        return n[0] + j[0];
    }

    private static long seed(String imageId, String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(0).array());
            for (String part : new String[] {imageId, "bench", purpose}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
