package org.ascore.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KolmogorovDistributionTest {

    /** {λ, sf(λ)} from scipy.stats.kstwobign.sf, scipy 1.17.1 (numpy 2.4.6). */
    private static final double[][] SCIPY = {
        {0.0, 1.0},
        {0.03, 1.0},
        {0.2, 0.999999999999495},
        {0.5, 0.9639452436648751},
        {0.81, 0.5279614323123148},
        {0.83, 0.4961909953505036},
        {0.99, 0.2808738392255489},
        {1.0, 0.26999967167735456},
        {1.01, 0.25943416909359746},
        {1.3580986393225507, 0.049999999999999975},
        {2.0, 0.0006709252557796953},
        {3.5, 4.579469691291106e-11},
        {6.0, 1.0760372320042276e-31},
        {12.0, 1.6757885067638739e-125},
        {18.0, 7.554499944724249e-282},
    };

    @Test
    void matchesScipyToRelative1e12() {
        for (double[] point : SCIPY) {
            double expected = point[1];
            assertEquals(expected, KolmogorovDistribution.sf(point[0]), 1e-12 * expected, "lambda " + point[0]);
        }
    }

    @Test
    void limits() {
        assertEquals(1.0, KolmogorovDistribution.sf(-3.0));
        assertEquals(0.0, KolmogorovDistribution.sf(40.0));
        assertEquals(0.0, KolmogorovDistribution.sf(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> KolmogorovDistribution.sf(Double.NaN));
    }
}
