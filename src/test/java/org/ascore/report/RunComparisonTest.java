package org.ascore.report;

import org.ascore.report.RunReport.HistoryPoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunComparisonTest {
    private static HistoryPoint p(double as, Double low, Double high) {
        return new HistoryPoint("gan", "r", Instant.EPOCH, as, low, high);
    }

    @Test
    void withIntervalsOnlyADisjointRiseIsWorse() {
        assertTrue(RunComparison.worse(p(0.50, 0.46, 0.55), p(0.40, 0.36, 0.45), 0.02));
        // AS rose by 0.08, far beyond the threshold, but the intervals overlap: sampling noise.
        assertFalse(RunComparison.worse(p(0.48, 0.43, 0.53), p(0.40, 0.35, 0.45), 0.02));
        assertFalse(RunComparison.worse(p(0.30, 0.26, 0.34), p(0.40, 0.36, 0.45), 0.02));
    }

    @Test
    void withoutIntervalsTheThresholdDecides() {
        assertTrue(RunComparison.worse(p(0.48, null, null), p(0.40, 0.35, 0.45), 0.02));
        assertFalse(RunComparison.worse(p(0.41, null, null), p(0.40, null, null), 0.02));
    }
}
