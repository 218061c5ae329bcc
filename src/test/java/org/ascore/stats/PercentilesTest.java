package org.ascore.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The ranking's tie-break scale on hand-computed samples. */
class PercentilesTest {
    @Test
    void medianAndMedianAbsoluteDeviation() {
        // median 3; |x − 3| = {2, 1, 0, 1, 97}, whose median is 1.
        assertArrayEquals(new double[] {3, 1}, Percentiles.medianAndMad(new double[] {1, 2, 3, 4, 100}), 0);
        // median 2.5; |x − 2.5| = {1.5, 0.5, 0.5, 1.5}, median 1.
        assertArrayEquals(new double[] {2.5, 1}, Percentiles.medianAndMad(new double[] {1, 2, 3, 4}), 0);
        // median 0.2; |x − 0.2| = {0.1, 0, 0.3}, median 0.1.
        assertArrayEquals(new double[] {0.2, 0.1}, Percentiles.medianAndMad(new double[] {0.1, 0.2, 0.5}), 1e-15);
    }

    @Test
    void aSampleMostlyAtItsMedianMeasuresInRawUnits() {
        assertArrayEquals(new double[] {2, 1}, Percentiles.medianAndMad(new double[] {2, 2, 2, 5}), 0);
        assertArrayEquals(new double[] {0, 1}, Percentiles.medianAndMad(new double[0]), 0);
    }
}
