package org.ascore.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ascore.Status;
import org.ascore.config.ModelCard;

import java.util.Locale;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;

/**
 * Warns when the images are far from the size the model was made for: scores of 1024-pixel photos
 * through a 28-pixel Fashion-MNIST network are numbers, but they do not mean anything.
 */
final class InputSizeCheck {
    /** How far the typical shorter side may be from the card's resize before the run says so. */
    static final double FACTOR = 4;

    private InputSizeCheck() {
    }

    /** The warning for images whose median shorter side is {@code medianShortSide}, if any. */
    static Optional<String> warning(double medianShortSide, ModelCard card) {
        if (medianShortSide <= 0 || (medianShortSide <= card.resize() * FACTOR
                && medianShortSide >= card.resize() / FACTOR)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the images' median shorter side is %.0f px, but model %s "
                + "was made for %d px (resize %d, crop %d): its scores of these images may mean little; "
                + "use a model that fits them (docs/models.md)", medianShortSide, card.name(), card.resize(),
                card.resize(), card.crop()));
    }

    /** The warning for the ok rows of a scores table, if any. */
    static Optional<String> warning(Dataset<Row> scores, ModelCard card) {
        Dataset<Row> ok = scores.where(col("status").equalTo(Status.OK.code()))
                .select(least(col("width"), col("height")).cast("double").as("short_side"))
                .where(col("short_side").isNotNull());
        double[] median = ok.stat().approxQuantile("short_side", new double[] {0.5}, 0.01);
        return median.length == 0 ? Optional.empty() : warning(median[0], card);
    }
}
