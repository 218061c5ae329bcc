package org.ascore.metric;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Per-image random draws: each (image, purpose) has its own xoshiro256++ generator (Apache Commons
 * RNG) whose whole 256-bit state is the SHA-256 of (global seed, image id, feature model, purpose).
 * An image's draws therefore do not depend on partitioning, batching or order; two streams of one
 * image's length overlap with probability about 10^-54 at 10^9 images (docs/reproducibility.md).
 * Gaussians come from the library's ziggurat sampler. Both algorithms are fixed by the library
 * version, which is why {@link #GENERATOR} is part of the params id.
 */
public final class NoiseSource {
    /** Names the draw algorithm; change it whenever the draws change, so params ids change too. */
    public static final String GENERATOR = "xoshiro256pp+ziggurat/commons-rng-1.7";

    private final long globalSeed;
    private final String featureModel;

    public NoiseSource(long globalSeed, String featureModel) {
        this.globalSeed = globalSeed;
        this.featureModel = featureModel;
    }

    /** Raw (not yet normalized) direction of the complexity path. */
    public float[] complexityNoise(String imageId, int length, NoiseKind kind) {
        UniformRandomProvider rng = generator(imageId, "complexity");
        float[] out = new float[length];
        if (kind == NoiseKind.GAUSSIAN) {
            ContinuousSampler gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int i = 0; i < length; i++) {
                out[i] = (float) gaussian.sample();
            }
        } else {
            for (int i = 0; i < length; i++) {
                out[i] = rng.nextInt(3) - 1;
            }
        }
        return out;
    }

    /**
     * Uniform start jitter in [-halfWidth, halfWidth] for the attack. Drawn from floats (24 random
     * bits, half a 64-bit output each): the result is a float anyway, and it halves the generator's work.
     */
    public float[] attackJitter(String imageId, int length, double halfWidth) {
        UniformRandomProvider rng = generator(imageId, "vulnerability");
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) ((2 * rng.nextFloat() - 1) * halfWidth);
        }
        return out;
    }

    /** The stream of one (image, purpose), its 256-bit state the SHA-256 digest of the key. */
    UniformRandomProvider generator(String imageId, String purpose) {
        ByteBuffer digest = ByteBuffer.wrap(key(imageId, purpose));
        long[] state = new long[4];
        for (int i = 0; i < state.length; i++) {
            state[i] = digest.getLong();
        }
        return RandomSource.XO_SHI_RO_256_PP.create(state);
    }

    private byte[] key(String imageId, String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(globalSeed).array());
            for (String part : new String[] {imageId, featureModel, purpose}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
