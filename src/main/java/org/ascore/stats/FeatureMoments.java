package org.ascore.stats;

import java.io.Serializable;

/**
 * Count, sum and sum of outer products of a set of feature vectors, in double, so that partial
 * moments of any split of the set merge into those of the whole. Only the upper triangle of the
 * outer-product sum is accumulated; it is symmetric.
 */
public final class FeatureMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int dim;
    private long count;
    private final double[] sum;
    /** Row-major d × d; entries below the diagonal stay 0 until {@link #covariance}. */
    private final double[] outer;

    public FeatureMoments(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("feature dimension must be positive, got " + dim);
        }
        this.dim = dim;
        this.sum = new double[dim];
        this.outer = new double[Math.multiplyExact(dim, dim)];
    }

    public int dim() {
        return dim;
    }

    public long count() {
        return count;
    }

    /** @throws IllegalArgumentException for a vector of another dimension */
    public void add(float[] x) {
        if (x.length != dim) {
            throw new IllegalArgumentException("feature of dimension " + x.length + " added to moments of dimension " + dim);
        }
        count++;
        for (int i = 0; i < dim; i++) {
            double xi = x[i];
            sum[i] += xi;
            int row = i * dim;
            for (int j = i; j < dim; j++) {
                outer[row + j] += xi * x[j];
            }
        }
    }

    /** Adds other's vectors to this; returns this. */
    public FeatureMoments merge(FeatureMoments other) {
        if (other.dim != dim) {
            throw new IllegalArgumentException("cannot merge moments of dimension " + other.dim + " into " + dim);
        }
        count += other.count;
        for (int i = 0; i < dim; i++) {
            sum[i] += other.sum[i];
        }
        for (int i = 0; i < outer.length; i++) {
            outer[i] += other.outer[i];
        }
        return this;
    }

    public double[] mean() {
        requireCount(1);
        double[] mu = new double[dim];
        for (int i = 0; i < dim; i++) {
            mu[i] = sum[i] / count;
        }
        return mu;
    }

    /**
     * The unbiased covariance (divisor n − 1, as numpy's {@code np.cov}), from
     * (Σ x xᵀ − n μ μᵀ) / (n − 1).
     */
    public double[][] covariance() {
        requireCount(2);
        double[] mu = mean();
        double[][] cov = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                double c = (outer[i * dim + j] - count * mu[i] * mu[j]) / (count - 1);
                cov[i][j] = c;
                cov[j][i] = c;
            }
        }
        return cov;
    }

    private void requireCount(long atLeast) {
        if (count < atLeast) {
            throw new IllegalStateException("moments of " + count + " vectors; need at least " + atLeast);
        }
    }
}
