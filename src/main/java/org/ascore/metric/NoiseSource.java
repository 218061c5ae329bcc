package org.ascore.metric;

import org.ascore.util.Sha256;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Per-image random draws: each (image, purpose) has its own xoshiro256++ generator whose whole
 * 256-bit state is the SHA-256 of (global seed, image id, feature model, purpose). An image's
 * draws therefore do not depend on partitioning, batching or order; two streams of one image's
 * length overlap with probability about 10^-54 at 10^9 images (docs/reproducibility.md).
 * Each value costs about one 64-bit output: Gaussians come from a 512-layer ziggurat (Marsaglia
 * and Tsang 2000), jitter two values per output. The loops keep the generator's state in local
 * variables (registers) rather than in an object's fields, which saves about a fifth of their time.
 * {@link #GENERATOR} names all of it and is part of the params id.
 */
public final class NoiseSource {
    /** Names the draw algorithm; change it whenever the draws change, so params ids change too. */
    public static final String GENERATOR = "xoshiro256pp+ziggurat512+jitter24x2";

    /*
     * Ziggurat of f(x) = exp(-x²/2) on x ≥ 0: LAYERS layers of equal area V, layer 0 the base
     * (the rectangle [0, R] × [0, f(R)] plus the tail beyond R), layer i ≥ 1 the rectangle
     * [0, x_i] × [f(x_i), f(x_{i+1})], with x_1 = R and x_LAYERS = 0. R makes the layers close
     * at the top; V = R f(R) + ∫_R^∞ f. R solved by bisection to the last digit of a double (the
     * same method gives Doornik's (2005) R = 3.6541528853610088 for 256 layers), V from R. 512
     * layers rather than 256 send 0.8 % of draws to the slow path instead of 1.5 %.
     */
    private static final int LAYERS = 512;
    static final double R = 3.8520461503683916;
    private static final double V = 2.456766351541353e-3;
    /*
     * A draw's output gives j = its low 10 bits (the layer j mod 512, the sign j / 512) and the
     * uniform u = its top 53 bits; its point is x = u · X_PER_U[j], signed, in that layer.
     * u < INSIDE[j] puts |x| left of x_{i+1}: under f at every height of the layer, accepted at once.
     */
    private static final double[] X_PER_U = new double[2 * LAYERS];
    private static final long[] INSIDE = new long[2 * LAYERS];
    /** f(x_i) for i ≤ LAYERS; F[LAYERS] = f(0) = 1. */
    private static final double[] F = new double[LAYERS + 1];

    static {
        double[] x = new double[LAYERS + 1];
        // Layer 0's width: its rectangle's, stretched to area V so it has the same form as the others.
        x[0] = V / gauss(R);
        x[1] = R;
        for (int i = 1; i < LAYERS - 1; i++) {
            x[i + 1] = StrictMath.sqrt(-2 * StrictMath.log(V / x[i] + gauss(x[i])));
        }
        x[LAYERS] = 0;
        for (int j = 0; j < 2 * LAYERS; j++) {
            int i = j % LAYERS;
            X_PER_U[j] = (j < LAYERS ? 1 : -1) * x[i] * 0x1p-53;
            INSIDE[j] = (long) (x[i + 1] / x[i] * 0x1p53);
        }
        for (int i = 0; i <= LAYERS; i++) {
            F[i] = gauss(x[i]);
        }
    }

    private final long globalSeed;
    private final String featureModel;

    public NoiseSource(long globalSeed, String featureModel) {
        this.globalSeed = globalSeed;
        this.featureModel = featureModel;
    }

    /** The draws of one image: the complexity path's raw direction and the attack's start jitter. */
    public record Draws(float[] direction, float[] jitter) {
    }

    /** Everything an image of {@code length} values draws when it is scored with {@code params}. */
    public Draws draw(String imageId, int length, MetricParams params) {
        return new Draws(complexityNoise(imageId, length, params.complexity().noise()),
                attackJitter(imageId, length, params.vulnerability().jitter()));
    }

    /** Raw (not yet normalized) direction of the complexity path. */
    public float[] complexityNoise(String imageId, int length, NoiseKind kind) {
        Xoshiro256PlusPlus g = generator(imageId, "complexity");
        float[] out = new float[length];
        if (kind != NoiseKind.GAUSSIAN) {
            for (int n = 0; n < length; n++) {
                out[n] = minusOneZeroOrOne(g);
            }
            return out;
        }
        long s0 = g.s0;
        long s1 = g.s1;
        long s2 = g.s2;
        long s3 = g.s3;
        for (int n = 0; n < length; n++) {
            long b = Long.rotateLeft(s0 + s3, 23) + s0; // Xoshiro256PlusPlus.nextLong, inlined
            long t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Long.rotateLeft(s3, 45);
            int j = (int) b & (2 * LAYERS - 1);
            long u = b >>> 11;
            if (u < INSIDE[j]) {
                out[n] = (float) (u * X_PER_U[j]);
            } else {
                // About 1.5 % of draws: the rest of the draw takes further outputs, from the object.
                g.set(s0, s1, s2, s3);
                double magnitude = overhangOrTail(g, j % LAYERS, u);
                out[n] = (float) (j < LAYERS ? magnitude : -magnitude);
                s0 = g.s0;
                s1 = g.s1;
                s2 = g.s2;
                s3 = g.s3;
            }
        }
        return out;
    }

    /**
     * Uniform start jitter in [-halfWidth, halfWidth] for the attack: 2^24 equally likely values,
     * the centres of 2^24 equal cells of the interval (symmetric, mean exactly 0), from the top 24
     * bits of each half of an output. The result is a float32 anyway, whose significand this matches.
     */
    public float[] attackJitter(String imageId, int length, double halfWidth) {
        Xoshiro256PlusPlus g = generator(imageId, "vulnerability");
        long s0 = g.s0;
        long s1 = g.s1;
        long s2 = g.s2;
        long s3 = g.s3;
        float[] out = new float[length];
        double cell = halfWidth * 0x1p-24;
        for (int n = 0; n < length; n += 2) {
            long b = Long.rotateLeft(s0 + s3, 23) + s0; // Xoshiro256PlusPlus.nextLong, inlined
            long t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Long.rotateLeft(s3, 45);
            out[n] = (float) (centre((int) (b >>> 40)) * cell);
            if (n + 1 < length) {
                out[n + 1] = (float) (centre((int) b >>> 8) * cell);
            }
        }
        return out;
    }

    /** The stream of one (image, purpose), its 256-bit state the SHA-256 digest of the key. */
    Xoshiro256PlusPlus generator(String imageId, String purpose) {
        ByteBuffer digest = ByteBuffer.wrap(key(imageId, purpose));
        Xoshiro256PlusPlus g = new Xoshiro256PlusPlus();
        g.set(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
        return g;
    }

    /**
     * The rest of a ziggurat draw whose point (layer i, uniform u) is not inside: the tail beyond
     * R for the base layer, else the wedge test at a uniform height in the layer, and a fresh point
     * after a rejection. Returns the magnitude (the sign, drawn apart, stays valid).
     */
    private static double overhangOrTail(Xoshiro256PlusPlus g, int i, long u) {
        while (true) {
            if (i == 0) {
                return R + tail(g);
            }
            double x = u * X_PER_U[i];
            if (F[i] + (g.nextLong() >>> 11) * 0x1p-53 * (F[i + 1] - F[i]) < gauss(x)) {
                return x;
            }
            long b = g.nextLong();
            i = (int) b & (LAYERS - 1);
            u = b >>> 11;
            if (u < INSIDE[i]) {
                return u * X_PER_U[i];
            }
        }
    }

    /** Marsaglia (1964): the excess over R of a normal draw conditioned on exceeding R. */
    static double tail(Xoshiro256PlusPlus g) {
        double x;
        double y;
        do {
            x = -StrictMath.log(openUniform(g)) / R;
            y = -StrictMath.log(openUniform(g));
        } while (y + y < x * x);
        return x;
    }

    /** Uniform on (0, 1], never 0, so its logarithm is finite. */
    private static double openUniform(Xoshiro256PlusPlus g) {
        return ((g.nextLong() >>> 11) + 1) * 0x1p-53;
    }

    /**
     * -1, 0 or 1, equally likely: Lemire's multiply-and-reject on the top 32 bits of an output
     * (2^32 mod 3 = 1, so only a product whose low half is 0 is rejected).
     */
    private static int minusOneZeroOrOne(Xoshiro256PlusPlus g) {
        while (true) {
            long m = (g.nextLong() >>> 32) * 3;
            if ((int) m != 0) {
                return (int) (m >>> 32) - 1;
            }
        }
    }

    /** The odd integer 2k + 1 - 2^24 for 0 ≤ k < 2^24: a cell's centre in half cells from 0. */
    private static int centre(int k) {
        return (k << 1) + 1 - (1 << 24);
    }

    /** f(x) = exp(-x²/2), with StrictMath here and in the tables so that every JVM draws the same bits. */
    private static double gauss(double x) {
        return StrictMath.exp(-0.5 * x * x);
    }

    private byte[] key(String imageId, String purpose) {
        MessageDigest sha = Sha256.digest();
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(globalSeed).array());
        for (String part : new String[] {imageId, featureModel, purpose}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return sha.digest();
    }

    /**
     * Blackman and Vigna's xoshiro256++ (prng.di.unimi.it/xoshiro256plusplus.c; the same stream
     * as Commons RNG's XO_SHI_RO_256_PP). Its fields are read and written by the loops above.
     */
    static final class Xoshiro256PlusPlus {
        private long s0;
        private long s1;
        private long s2;
        private long s3;

        void set(long a, long b, long c, long d) {
            s0 = a;
            s1 = b;
            s2 = c;
            s3 = d;
        }

        long nextLong() {
            long result = Long.rotateLeft(s0 + s3, 23) + s0;
            long t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Long.rotateLeft(s3, 45);
            return result;
        }
    }
}
