package org.ascore.pipeline;

import org.ascore.metric.ImageScore;

/**
 * One input on its way to a score row: what {@link ImagePreparer} read and drew for it, then the
 * score. Pixels are null when the input could not be read or decoded; its score then holds the status.
 */
final class PreparedImage {
    final String imageId;
    Integer width;
    Integer height;
    float[] pixels;
    float[] noise;
    float[] jitter;
    ImageScore score;

    PreparedImage(String imageId) {
        this.imageId = imageId;
    }

    static PreparedImage failed(String imageId, ImageScore score) {
        PreparedImage p = new PreparedImage(imageId);
        p.score = score;
        return p;
    }

    boolean scorable() {
        return pixels != null && score == null;
    }
}
