package org.ascore.metric;

/** Sign s of the PGD step in the vulnerability attack (docs/metric.md, "Vulnerability"). */
public enum AttackDirection {
    /** s = -1: steps to reduce the feature distance, as the authors' public code does (default). */
    REFERENCE(-1),
    /** s = +1: PGD ascent, as the paper's text describes. */
    ASCENT(1);

    private final int sign;

    AttackDirection(int sign) {
        this.sign = sign;
    }

    public int sign() {
        return sign;
    }
}
