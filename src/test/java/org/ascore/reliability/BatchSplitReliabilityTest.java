package org.ascore.reliability;

import org.ascore.Status;
import org.ascore.metric.ImageScore;
import org.ascore.model.FailureStreak;
import org.ascore.pipeline.SplittingScorer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A batch the model cannot take is split and retried smaller; one bad image fails alone. */
class BatchSplitReliabilityTest {

    @Test
    void aBatchTooLargeForTheDeviceIsScoredInSmallerBatches() {
        List<Integer> sizes = new ArrayList<>();
        SplittingScorer s = new SplittingScorer((ids, pixels) -> {
            sizes.add(ids.size());
            if (ids.size() > 3) {
                throw new IllegalStateException("out of memory (simulated)");
            }
            return ids.stream().map(id -> new ImageScore(1.0, 2.0, 2.0, Status.OK, null)).toList();
        }, new FailureStreak("m"));
        List<ImageScore> out = s.score(ids(10), pixels(10));
        assertEquals(10, out.size());
        assertEquals(10, out.stream().filter(x -> x.status() == Status.OK).count());
        assertEquals(List.of(10, 5, 2, 3, 5, 2, 3), sizes);
    }

    @Test
    void anImageThatBreaksTheModelFailsAloneAndTheOthersAreScoredInOrder() {
        SplittingScorer s = new SplittingScorer((ids, pixels) -> {
            if (ids.contains("id-6")) {
                throw new IllegalArgumentException("bad input");
            }
            return ids.stream().map(id -> new ImageScore(Double.valueOf(id.substring(3)), 1.0, null, Status.OK, null))
                    .toList();
        }, new FailureStreak("m"));
        List<ImageScore> out = s.score(ids(8), pixels(8));
        for (int i = 0; i < 8; i++) {
            if (i == 6) {
                assertEquals(Status.MODEL_ERROR, out.get(i).status());
            } else {
                assertEquals(i, out.get(i).complexity());
            }
        }
    }

    private static List<String> ids(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("id-" + i);
        }
        return out;
    }

    private static List<float[]> pixels(int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new float[] {i});
        }
        return out;
    }
}
