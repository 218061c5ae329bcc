package org.ascore.metric;

/** AS-i = V / C per generated image (docs/metric.md, "AS-i"). */
public final class IndividualAnomalyScore {
    private IndividualAnomalyScore() {
    }

    /** V / C, or null when either is missing or C is 0 (the ratio is undefined). */
    public static Double of(Double complexity, Double vulnerability) {
        if (complexity == null || vulnerability == null || complexity == 0.0
                || !Double.isFinite(complexity) || !Double.isFinite(vulnerability)) {
            return null;
        }
        return vulnerability / complexity;
    }
}
