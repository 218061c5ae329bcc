package org.ascore.metric;

import org.ascore.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a batch; if the model fails on it (out of memory on the device, or one image that breaks
 * the model), halves the batch and tries again, down to single images, so an oversized batch or a
 * bad image costs time, not the task. The first split is logged once per instance.
 */
public final class SplittingScorer {
    private static final Logger LOG = LoggerFactory.getLogger(SplittingScorer.class);

    /** What scores one batch; {@link ImageScorer#score(List, List)} in production. */
    @FunctionalInterface
    public interface BatchScorer {
        List<ImageScore> score(List<String> ids, List<float[]> pixels);
    }

    private final BatchScorer scorer;
    private boolean splitLogged;

    public SplittingScorer(BatchScorer scorer) {
        this.scorer = scorer;
    }

    public List<ImageScore> score(List<String> ids, List<float[]> pixels) {
        try {
            return scorer.score(ids, pixels);
        } catch (RuntimeException e) {
            if (ids.size() == 1) {
                return List.of(ImageScore.failed(Status.MODEL_ERROR, "the model failed on this image: " + e));
            }
            if (!splitLogged) {
                LOG.warn("Scoring a batch of {} images failed ({}); splitting it into smaller batches (logged once)",
                        ids.size(), e.toString());
                splitLogged = true;
            }
            int half = ids.size() / 2;
            List<ImageScore> out = new ArrayList<>(score(ids.subList(0, half), pixels.subList(0, half)));
            out.addAll(score(ids.subList(half, ids.size()), pixels.subList(half, pixels.size())));
            return out;
        }
    }
}
