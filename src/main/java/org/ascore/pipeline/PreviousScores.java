package org.ascore.pipeline;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.Status;
import org.ascore.config.ModelCard;
import org.ascore.io.ResultSchemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.util.Arrays;
import java.util.Optional;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Committed rows of earlier runs that a new run may copy instead of scoring: same image bytes
 * (image_id), same model file (sha256) and same parameters (params_id). Only outcomes that depend
 * on nothing but those are reused; read errors and model errors are scored again. A reused row
 * names the run that scored it in {@code reused_from_run}, through any number of reuses.
 */
final class PreviousScores {
    private static final String[] REUSABLE = {Status.OK.code(), Status.DEGENERATE_FEATURES.code(),
        Status.NONFINITE_FEATURES.code(), Status.DECODE_ERROR.code(), Status.UNSUPPORTED_FORMAT.code(),
        Status.TOO_LARGE.code()};

    private PreviousScores() {
    }

    /** One row per image_id of earlier runs, or empty when there is no scores table yet. */
    static Optional<Dataset<Row>> find(SparkSession spark, RunPaths paths, ModelCard card, String paramsId,
                                       String runId) {
        try {
            Path scores = new Path(paths.scores());
            FileSystem fs = scores.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(scores)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for earlier scores under " + paths.scores(), e);
        }
        Dataset<Row> rows = CommittedTables.scores(spark, paths)
                .where(col("feature_model").equalTo(card.name())
                        .and(col("model_sha256").equalTo(card.sha256()))
                        .and(col("params_id").equalTo(paramsId))
                        .and(col("run_id").notEqual(runId))
                        .and(col("image_id").isNotNull())
                        .and(col("status").isin((Object[]) REUSABLE)))
                .select(col("image_id"), col("width"), col("height"), col("complexity"), col("vulnerability"),
                        col("as_i"), col("status"), col("error"),
                        coalesce(col("reused_from_run"), col("run_id")).as("reused_from_run"), col("feature"))
                .dropDuplicates("image_id");
        return Optional.of(rows);
    }

    /** This run's score rows for the hashed inputs whose image an earlier run already scored. */
    static Dataset<Row> reuse(Dataset<Row> hashed, Dataset<Row> previous, ScoreSettings s) {
        // The input's own error column is null on every row that joins: a row with an error has no image_id.
        Dataset<Row> joined = hashed.drop("error").join(previous, "image_id");
        return joined.select(Arrays.stream(ResultSchemas.SCORES.fieldNames()).map(name -> switch (name) {
            case "run_id" -> lit(s.runId()).as(name);
            case "run_date" -> lit(Date.valueOf(s.runDate())).as(name);
            case "feature_model" -> lit(s.card().name()).as(name);
            case "model_sha256" -> lit(s.card().sha256()).as(name);
            case "params_id" -> lit(s.paramsId()).as(name);
            default -> col(name);
        }).toArray(org.apache.spark.sql.Column[]::new));
    }
}
