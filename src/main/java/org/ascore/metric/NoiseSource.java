package org.ascore.metric;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Per-image random draws (docs/metric.md, "Determinism"): each draw comes from a generator seeded by
 * (global seed, image id, feature model, purpose), so an image's C and V do not depend on how the
 * images were partitioned or batched. {@link Random} is used because its algorithm, including
 * {@code nextGaussian}, is fixed by the Java specification, so the draws are the same on every JVM.
 */
public final class NoiseSource {
    private final long globalSeed;
    private final String featureModel;

    public NoiseSource(long globalSeed, String featureModel) {
        this.globalSeed = globalSeed;
        this.featureModel = featureModel;
    }

    /** Raw (not yet normalized) direction of the complexity path. */
    public float[] complexityNoise(String imageId, int length, NoiseKind kind) {
        Random r = new Random(seed(imageId, "complexity"));
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = kind == NoiseKind.GAUSSIAN ? (float) r.nextGaussian() : r.nextInt(3) - 1;
        }
        return out;
    }

    /** Uniform start jitter in [-halfWidth, halfWidth] for the attack. */
    public float[] attackJitter(String imageId, int length, double halfWidth) {
        Random r = new Random(seed(imageId, "vulnerability"));
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) ((2 * r.nextDouble() - 1) * halfWidth);
        }
        return out;
    }

    long seed(String imageId, String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(globalSeed).array());
            for (String part : new String[] {imageId, featureModel, purpose}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
