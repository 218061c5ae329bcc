package org.ascore.metric;

import java.io.Serializable;

/**
 * @param steps    K, the number of noise steps (K + 1 forwards, K - 1 angles)
 * @param stepSize ε_c, the L2 length of one step in pixel units
 * @param noise    distribution of the path's direction
 */
public record ComplexityParams(int steps, double stepSize, NoiseKind noise) implements Serializable {
    public static final ComplexityParams DEFAULT = new ComplexityParams(10, 0.01, NoiseKind.GAUSSIAN);

    public ComplexityParams {
        if (steps < 2) {
            throw new IllegalArgumentException("complexity.steps must be >= 2 (K - 1 angles are averaged), got " + steps);
        }
        if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
            throw new IllegalArgumentException("complexity.step-size must be a finite number > 0, got " + stepSize);
        }
    }
}
