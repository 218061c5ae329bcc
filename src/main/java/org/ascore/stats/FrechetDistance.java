package org.ascore.stats;

import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Fréchet distance between two Gaussians fitted to feature sets, with pytorch-fid's formula
 * ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½).
 *
 * <p>Σ₁ Σ₂ is not symmetric, but it is similar to the symmetric positive semi-definite
 * Σ₁^½ Σ₂ Σ₁^½, so Tr((Σ₁ Σ₂)^½) is the sum of the square roots of that matrix's eigenvalues. Two
 * symmetric eigendecompositions replace a general matrix square root, and singular covariances
 * (fewer vectors than dimensions, features that are always 0) need no regularising offset:
 * eigenvalues that rounding pushes below zero count as zero.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** FD of the sets whose moments are given; each needs at least two vectors. */
    public static double of(FeatureMoments a, FeatureMoments b) {
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException("features of dimension " + a.dim() + " and " + b.dim());
        }
        return of(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    public static double of(double[] mu1, double[][] sigma1, double[] mu2, double[][] sigma2) {
        double meanTerm = 0;
        for (int i = 0; i < mu1.length; i++) {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
        }
        RealMatrix s1 = new BlockRealMatrix(sigma1);
        RealMatrix s2 = new BlockRealMatrix(sigma2);
        RealMatrix root1 = psdSquareRoot(s1);
        RealMatrix product = root1.multiply(s2).multiply(root1);
        double traceRoot = 0;
        for (double lambda : new EigenDecomposition(symmetrized(product)).getRealEigenvalues()) {
            traceRoot += Math.sqrt(Math.max(lambda, 0));
        }
        return meanTerm + s1.getTrace() + s2.getTrace() - 2 * traceRoot;
    }

    /** V diag(√max(λ, 0)) Vᵀ of a symmetric matrix. */
    private static RealMatrix psdSquareRoot(RealMatrix symmetric) {
        EigenDecomposition eig = new EigenDecomposition(symmetric);
        RealMatrix v = eig.getV();
        double[] lambda = eig.getRealEigenvalues();
        RealMatrix scaled = v.copy();
        for (int j = 0; j < lambda.length; j++) {
            double root = Math.sqrt(Math.max(lambda[j], 0));
            for (int i = 0; i < lambda.length; i++) {
                scaled.setEntry(i, j, scaled.getEntry(i, j) * root);
            }
        }
        return scaled.multiply(eig.getVT());
    }

    /** (M + Mᵀ) / 2: removes the rounding asymmetry of a product that is symmetric in exact arithmetic. */
    private static RealMatrix symmetrized(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
