package org.ascore.metric;

import org.ascore.Status;

import java.util.Arrays;
import java.util.Objects;

/**
 * C, V and AS-i of one image. Values are null where the metric is undefined for the image, and
 * {@code status} says why.
 *
 * @param feature M(x), the backbone feature of the clean image, from the complexity pass; null
 *                where the image was not scored or its features were not finite
 */
public record ImageScore(Double complexity, Double vulnerability, Double asI, Status status, String error,
                         float[] feature) {

    /** A score without a feature. */
    public ImageScore(Double complexity, Double vulnerability, Double asI, Status status, String error) {
        this(complexity, vulnerability, asI, status, error, null);
    }

    /** Value equality, the feature compared element by element (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageScore s && Objects.equals(complexity, s.complexity)
                && Objects.equals(vulnerability, s.vulnerability) && Objects.equals(asI, s.asI) && status == s.status
                && Objects.equals(error, s.error) && Arrays.equals(feature, s.feature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(complexity, vulnerability, asI, status, error, Arrays.hashCode(feature));
    }

    public static ImageScore failed(Status status, String error) {
        return new ImageScore(null, null, null, status, error);
    }
}
