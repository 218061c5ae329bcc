package org.ascore.pipeline;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ascore.metric.ImageScore;

import java.sql.Date;

/** Scores to rows of the scores table ({@code ResultSchemas}), one per input row. */
final class ScoreRows {
    private final ScoreSettings settings;

    ScoreRows(ScoreSettings settings) {
        this.settings = settings;
    }

    /** The row of {@code in} (source, kind, path) with its scored or failed {@code p}. */
    Row of(Row in, PreparedImage p) {
        ImageScore s = p.score;
        return RowFactory.create(settings.runId(), Date.valueOf(settings.runDate()), settings.card().name(),
                settings.card().sha256(), settings.paramsId(), in.getString(0), in.getString(1), in.getString(2),
                p.imageId, p.width, p.height, s.complexity(), s.vulnerability(), s.asI(), s.status().code(),
                s.error(), null, settings.outputFeatures() ? s.feature() : null);
    }
}
