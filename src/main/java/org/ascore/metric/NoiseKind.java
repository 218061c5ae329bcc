package org.ascore.metric;

/** Distribution of the complexity path's direction before it is scaled to unit L2 norm. */
public enum NoiseKind {
    /** i.i.d. N(0, 1). */
    GAUSSIAN,
    /** i.i.d. values in {-1, 0, 1}. */
    UNIFORM
}
