package org.ascore.model;


/**
 * Tells a model that fails on every image from one that fails on some. A batch counts against the
 * model when it fails and its first two images, retried alone, fail with the same error (its only
 * image, for a batch of one); any success on those images ends the streak. After
 * {@link #BATCHES} such batches in a row the error is systematic: a model, export or device
 * fault, not a property of the images, and {@link SystematicModelError} stops the job instead of
 * letting every remaining batch be retried image by image.
 *
 * <p>One streak per loaded model and JVM, so task retries and concurrent tasks on an executor
 * share it; callers hold the model's lease, which serializes access.
 */
public final class FailureStreak {
    /** Consecutive batches failing the same way before the job stops. */
    public static final int BATCHES = 3;

    private final String model;
    private String signature;
    private int batches;
    private long images;

    /** @param model the model's name, for the error message */
    public FailureStreak(String model) {
        this.model = model;
    }

    /** A batch's leading images were scored, or failed differently from their batch. */
    public synchronized void reset() {
        signature = null;
        batches = 0;
        images = 0;
    }

    /**
     * A batch of {@code size} images failed, and so did its leading images alone, with the same
     * error. Throws once {@link #BATCHES} batches in a row failed with it.
     */
    public synchronized void failedBatch(String error, int size) {
        String s = ModelErrors.signature(error);
        if (!s.equals(signature)) {
            signature = s;
            batches = 0;
            images = 0;
        }
        batches++;
        images += size;
        if (batches >= BATCHES) {
            throw new SystematicModelError("model " + model + " failed with the same error on every image tried in "
                    + batches + " consecutive batches (" + images + " images affected): " + error
                    + ". A failure that does not depend on the image is a fault of the model, its export or the "
                    + "device, so the job stops here instead of retrying every image alone; no scores of this run "
                    + "are kept");
        }
    }
}
