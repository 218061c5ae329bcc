package org.ascore.metric;

import org.ascore.Status;

/**
 * C, V and AS-i of one image. Values are null where the metric is undefined for the image, and
 * {@code status} says why.
 */
public record ImageScore(Double complexity, Double vulnerability, Double asI, Status status, String error) {

    public static ImageScore failed(Status status, String error) {
        return new ImageScore(null, null, null, status, error);
    }
}
