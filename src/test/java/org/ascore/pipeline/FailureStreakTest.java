package org.ascore.pipeline;

import org.ascore.Status;
import org.ascore.metric.ImageScore;
import org.ascore.model.FailureStreak;
import org.ascore.model.SystematicModelError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When splitting scorers stop retrying: the same error on the first images of 3 batches in a row. */
class FailureStreakTest {
    static final ImageScore OK = new ImageScore(1.0, 2.0, 2.0, Status.OK, null);

    @Test
    void aModelThatFailsOnEveryImageStopsAtTheThirdBatchAfterItsFirstTwoImages() {
        FailureStreak streak = new FailureStreak("m");
        AtomicInteger calls = new AtomicInteger();
        SplittingScorer.BatchScorer broken = (ids, pixels) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("derivative for aten::x is not implemented");
        };
        // A batch of 8 split down to single images: 1 + 2 + 4 + 8 = 15 calls, 8 error rows.
        for (int b = 0; b < 2; b++) {
            List<ImageScore> rows = new SplittingScorer(broken, streak).score(ids(b, 8), pixels(8));
            assertEquals(8, rows.stream().filter(r -> r.status() == Status.MODEL_ERROR).count());
        }
        assertEquals(30, calls.get());
        SystematicModelError e = assertThrows(SystematicModelError.class,
                () -> new SplittingScorer(broken, streak).score(ids(2, 8), pixels(8)));
        // 8, 4, 2, then images 0 and 1 alone: the rest of the batch is not tried.
        assertEquals(30 + 5, calls.get());
        assertTrue(e.getMessage().contains("model m failed with the same error on every image tried in 3 "
                + "consecutive batches (24 images affected): IllegalStateException: derivative for aten::x is not "
                + "implemented"), e.getMessage());
    }

    @Test
    void errorsThatDifferOnlyInNumbersAreOneErrorAndABatchOfOneCounts() {
        FailureStreak streak = new FailureStreak("m");
        int[] size = {0};
        SplittingScorer.BatchScorer oom = (ids, pixels) -> {
            throw new IllegalStateException("out of memory: tried to allocate " + (ids.size() * 7 + size[0]++) + " MiB");
        };
        new SplittingScorer(oom, streak).score(ids(0, 3), pixels(3));
        new SplittingScorer(oom, streak).score(ids(1, 1), pixels(1));
        assertThrows(SystematicModelError.class, () -> new SplittingScorer(oom, streak).score(ids(2, 2), pixels(2)));
    }

    @Test
    void aBatchTooLargeForTheDeviceNeverStopsTheJob() {
        FailureStreak streak = new FailureStreak("m");
        SplittingScorer.BatchScorer oom = (ids, pixels) -> {
            if (ids.size() > 2) {
                throw new IllegalStateException("out of memory");
            }
            return ids.stream().map(id -> OK).toList();
        };
        for (int b = 0; b < 10; b++) {
            List<ImageScore> rows = new SplittingScorer(oom, streak).score(ids(b, 8), pixels(8));
            assertEquals(8, rows.stream().filter(r -> r.status() == Status.OK).count());
        }
    }

    @Test
    void badImagesAtTheFrontOfBatchesFailAloneWhileTheirNeighboursScore() {
        // The first image of every batch breaks the model, but the second does not: data, not the model.
        FailureStreak streak = new FailureStreak("m");
        SplittingScorer.BatchScorer firstIsBad = (ids, pixels) -> {
            if (ids.stream().anyMatch(id -> id.endsWith("-0"))) {
                throw new IllegalArgumentException("bad input");
            }
            return ids.stream().map(id -> OK).toList();
        };
        for (int b = 0; b < 10; b++) {
            List<ImageScore> rows = new SplittingScorer(firstIsBad, streak).score(ids(b, 4), pixels(4));
            assertEquals(Status.MODEL_ERROR, rows.get(0).status());
            assertEquals(3, rows.stream().filter(r -> r.status() == Status.OK).count());
        }
    }

    @Test
    void aBatchThatScoresBetweenFailingOnesStartsTheCountAgain() {
        FailureStreak streak = new FailureStreak("m");
        boolean[] broken = {true};
        SplittingScorer.BatchScorer sometimes = (ids, pixels) -> {
            if (broken[0]) {
                throw new IllegalStateException("device fault");
            }
            return ids.stream().map(id -> OK).toList();
        };
        for (int b = 0; b < 6; b++) {
            broken[0] = b % 3 != 2;
            new SplittingScorer(sometimes, streak).score(ids(b, 4), pixels(4));
        }
        broken[0] = true;
        new SplittingScorer(sometimes, streak).score(ids(6, 4), pixels(4));
        new SplittingScorer(sometimes, streak).score(ids(7, 4), pixels(4));
        assertThrows(SystematicModelError.class, () -> new SplittingScorer(sometimes, streak).score(ids(8, 4), pixels(4)));
    }

    @Test
    void twoDifferentErrorsInARowAreNotOneStreak() {
        FailureStreak streak = new FailureStreak("m");
        String[] error = {"a"};
        SplittingScorer.BatchScorer failing = (ids, pixels) -> {
            throw new IllegalStateException(error[0]);
        };
        for (String e : new String[] {"a", "a", "b", "b", "a", "a"}) {
            error[0] = e;
            new SplittingScorer(failing, streak).score(ids(0, 2), pixels(2));
        }
        assertThrows(SystematicModelError.class, () -> new SplittingScorer(failing, streak).score(ids(0, 2), pixels(2)));
    }

    private static List<String> ids(int batch, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("b" + batch + "-" + i);
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
