package org.ascore.stats;

/**
 * Outcome of the two-sample 2D Kolmogorov–Smirnov test of {@link Ks2d}.
 *
 * @param nReal      number of points in the real set P1
 * @param nGenerated number of points in the generated set P2
 * @param d          the statistic D (this is AS)
 * @param pValue     approximate p-value, or {@code null} when it is undefined: a sample with fewer than
 *                   two points or with a constant column has no Pearson correlation
 */
public record KsResult(int nReal, int nGenerated, double d, Double pValue) {
}
