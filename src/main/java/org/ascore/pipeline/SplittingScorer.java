package org.ascore.pipeline;

import org.ascore.Status;
import org.ascore.metric.ImageScore;
import org.ascore.model.FailureStreak;
import org.ascore.model.ModelErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a batch; if the model fails on it (out of memory on the device, or one image that breaks
 * the model), halves the batch and tries again, down to single images, so an oversized batch or a
 * bad image costs time, not the task. The first split is logged once per instance. A model that
 * fails the same way on every image stops the job through its {@link FailureStreak}.
 */
public final class SplittingScorer {
    private static final Logger LOG = LoggerFactory.getLogger(SplittingScorer.class);
    /** Images at the front of a batch whose failure alone, like their batch's, counts for the streak. */
    private static final int LEADING = 2;

    /** What scores one batch: the job's {@code ImageScorer} with each image's noise, in production. */
    @FunctionalInterface
    public interface BatchScorer {
        List<ImageScore> score(List<String> ids, List<float[]> pixels);
    }

    private final BatchScorer scorer;
    private final FailureStreak streak;
    private boolean splitLogged;

    /** @param streak the loaded model's, shared by every batch scored with it */
    public SplittingScorer(BatchScorer scorer, FailureStreak streak) {
        this.scorer = scorer;
        this.streak = streak;
    }

    public List<ImageScore> score(List<String> ids, List<float[]> pixels) {
        try {
            List<ImageScore> out = scorer.score(ids, pixels);
            streak.reset();
            return out;
        } catch (RuntimeException e) {
            Batch batch = new Batch(ModelErrors.summary(e), Math.min(LEADING, ids.size()), ids.size());
            if (ids.size() == 1) {
                batch.leadingFailed(batch.error);
                return List.of(failed(e));
            }
            logSplit(ids.size(), e);
            return split(ids, pixels, 0, batch);
        }
    }

    /** Scores {@code ids}, which start at {@code offset} in the failed {@code batch}. */
    private List<ImageScore> retry(List<String> ids, List<float[]> pixels, int offset, Batch batch) {
        try {
            List<ImageScore> out = scorer.score(ids, pixels);
            if (offset < batch.leading) {
                streak.reset();
            }
            return out;
        } catch (RuntimeException e) {
            if (ids.size() > 1) {
                return split(ids, pixels, offset, batch);
            }
            if (offset < batch.leading) {
                batch.leadingFailed(ModelErrors.summary(e));
            }
            return List.of(failed(e));
        }
    }

    private List<ImageScore> split(List<String> ids, List<float[]> pixels, int offset, Batch batch) {
        int half = ids.size() / 2;
        List<ImageScore> out = new ArrayList<>(retry(ids.subList(0, half), pixels.subList(0, half), offset, batch));
        out.addAll(retry(ids.subList(half, ids.size()), pixels.subList(half, pixels.size()), offset + half, batch));
        return out;
    }

    private static ImageScore failed(RuntimeException e) {
        return ImageScore.failed(Status.MODEL_ERROR, "the model failed on this image: " + e);
    }

    private void logSplit(int size, RuntimeException e) {
        if (!splitLogged) {
            LOG.warn("Scoring a batch of {} images failed ({}); splitting it into smaller batches (logged once)",
                    size, ModelErrors.summary(e));
            splitLogged = true;
        }
    }

    /** A failed batch, while its leading images are retried alone. */
    private final class Batch {
        final String error;
        final int leading;
        final int size;
        int leadingFailures;

        Batch(String error, int leading, int size) {
            this.error = error;
            this.leading = leading;
            this.size = size;
        }

        void leadingFailed(String imageError) {
            if (!ModelErrors.signature(imageError).equals(ModelErrors.signature(error))) {
                streak.reset();
            } else if (++leadingFailures == leading) {
                streak.failedBatch(error, size);
            }
        }
    }
}
