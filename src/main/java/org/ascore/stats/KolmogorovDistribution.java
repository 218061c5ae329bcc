package org.ascore.stats;

/**
 * The limiting Kolmogorov distribution (scipy's {@code kstwobign}).
 */
public final class KolmogorovDistribution {

    /**
     * Below this λ the alternating series needs many terms, while the Jacobi-theta form of the cdf
     * needs few and the survival function is still large (≥ 0.27), so 1 − cdf loses no digits.
     */
    private static final double THETA_FORM_BELOW = 1.0;
    private static final double RELATIVE_TAIL = 1e-17;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private KolmogorovDistribution() {
    }

    /**
     * Q_KS(λ) = P(K > λ) = 2 Σ_{j≥1} (−1)^{j−1} exp(−2 j² λ²).
     *
     * @throws IllegalArgumentException if λ is NaN
     */
    public static double sf(double lambda) {
        if (Double.isNaN(lambda)) {
            throw new IllegalArgumentException("lambda is NaN");
        }
        if (lambda <= 0) {
            return 1.0;
        }
        if (lambda < THETA_FORM_BELOW) {
            return 1.0 - thetaCdf(lambda);
        }
        return alternatingSf(lambda);
    }

    /** cdf = √(2π)/λ Σ_{k≥1} exp(−(2k−1)² π² / (8λ²)). */
    private static double thetaCdf(double lambda) {
        double scale = -Math.PI * Math.PI / (8 * lambda * lambda);
        double sum = 0;
        for (int k = 1; ; k++) {
            int odd = 2 * k - 1;
            double term = Math.exp(odd * odd * scale);
            sum += term;
            if (term <= RELATIVE_TAIL * sum) {
                break;
            }
        }
        return SQRT_2PI / lambda * sum;
    }

    private static double alternatingSf(double lambda) {
        double scale = -2 * lambda * lambda;
        double sum = 0;
        for (int j = 1; ; j++) {
            double term = Math.exp((double) j * j * scale);
            sum += (j % 2 == 1) ? term : -term;
            if (term <= RELATIVE_TAIL * sum) {
                break;
            }
        }
        return 2 * sum;
    }
}
