package org.ascore.io;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schemas of the tables ascore writes. */
public final class ResultSchemas {
    private ResultSchemas() {
    }

    /** One row per input image and feature model. */
    public static final StructType SCORES = new StructType(new StructField[] {
        field("run_id", DataTypes.StringType, false),
        field("run_date", DataTypes.DateType, false),
        field("feature_model", DataTypes.StringType, false),
        field("model_sha256", DataTypes.StringType, false),
        field("params_id", DataTypes.StringType, false),
        field("split", DataTypes.StringType, false),
        field("source", DataTypes.StringType, false),
        field("path", DataTypes.StringType, false),
        field("image_id", DataTypes.StringType, true),
        field("width", DataTypes.IntegerType, true),
        field("height", DataTypes.IntegerType, true),
        field("complexity", DataTypes.DoubleType, true),
        field("vulnerability", DataTypes.DoubleType, true),
        field("as_i", DataTypes.DoubleType, true),
        field("status", DataTypes.StringType, false),
        field("error", DataTypes.StringType, true),
        field("reused_from_run", DataTypes.StringType, true),
        field("feature", DataTypes.createArrayType(DataTypes.FloatType, false), true),
    });

    /** One row per run, generated source and feature model. */
    public static final StructType SUMMARY = new StructType(new StructField[] {
        field("run_id", DataTypes.StringType, false),
        field("run_ts", DataTypes.TimestampType, false),
        field("feature_model", DataTypes.StringType, false),
        field("params_id", DataTypes.StringType, false),
        field("reference", DataTypes.StringType, false),
        field("source", DataTypes.StringType, false),
        field("n_real", DataTypes.LongType, false),
        field("n_generated", DataTypes.LongType, false),
        field("n_failed", DataTypes.LongType, false),
        field("n_real_failed", DataTypes.LongType, false),
        field("as_d", DataTypes.DoubleType, true),
        field("p_value", DataTypes.DoubleType, true),
        field("median_c_real", DataTypes.DoubleType, true),
        field("median_v_real", DataTypes.DoubleType, true),
        field("median_c_generated", DataTypes.DoubleType, true),
        field("median_v_generated", DataTypes.DoubleType, true),
        field("mean_c_real", DataTypes.DoubleType, true),
        field("mean_v_real", DataTypes.DoubleType, true),
        field("mean_c_generated", DataTypes.DoubleType, true),
        field("mean_v_generated", DataTypes.DoubleType, true),
        field("duration_s", DataTypes.DoubleType, false),
        field("ascore_version", DataTypes.StringType, true),
        field("engine", DataTypes.StringType, true),
        field("device", DataTypes.StringType, true),
        field("batch_size", DataTypes.IntegerType, true),
        field("precision", DataTypes.StringType, true),
        field("as_d_ci_low", DataTypes.DoubleType, true),
        field("as_d_ci_high", DataTypes.DoubleType, true),
        field("bootstrap_replicates", DataTypes.IntegerType, true),
        field("fd", DataTypes.DoubleType, true),
    });

    /** One row per run, feature model and ordered pair (A, B) of generated sources with an AS. */
    public static final StructType COMPARISONS = new StructType(new StructField[] {
        field("run_id", DataTypes.StringType, false),
        field("feature_model", DataTypes.StringType, false),
        field("source_a", DataTypes.StringType, false),
        field("source_b", DataTypes.StringType, false),
        field("as_a", DataTypes.DoubleType, false),
        field("as_b", DataTypes.DoubleType, false),
        field("diff", DataTypes.DoubleType, false),
        field("diff_ci_low", DataTypes.DoubleType, true),
        field("diff_ci_high", DataTypes.DoubleType, true),
        field("p_a_closer", DataTypes.DoubleType, true),
    });

    /** One row per ok generated image with an AS-i: the ranking of a run and source. */
    public static final StructType RANKINGS = new StructType(new StructField[] {
        field("run_id", DataTypes.StringType, false),
        field("feature_model", DataTypes.StringType, false),
        field("source", DataTypes.StringType, false),
        field("rank", DataTypes.IntegerType, false),
        field("image_id", DataTypes.StringType, true),
        field("path", DataTypes.StringType, false),
        field("as_i", DataTypes.DoubleType, false),
        field("asi_ref_pct", DataTypes.DoubleType, false),
        field("asi_ref_dev", DataTypes.DoubleType, false),
        field("complexity", DataTypes.DoubleType, false),
        field("vulnerability", DataTypes.DoubleType, false),
        field("ranking_order", DataTypes.StringType, false),
    });

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}
