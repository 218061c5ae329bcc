package org.ascore.pipeline;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ascore.io.ResultSchemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

/**
 * The rows readers may see: per feature model and run id, only the attempt of the latest commit
 * record in {@code runs}. Rows of attempts that crashed, are still running or were superseded are
 * in the same folders but never returned. Tables are read with their declared schemas, so that
 * partition values such as a numeric-looking run id stay strings.
 */
public final class CommittedTables {
    private static final List<String> KEY = List.of("feature_model", "run_id", RunCommit.ATTEMPT);

    private CommittedTables() {
    }

    /**
     * The latest commit record of every (feature_model, run_id), ties broken by attempt id as
     * {@link RunCommit#cleanUp} does; empty before the first commit.
     */
    public static Dataset<Row> runs(SparkSession spark, RunPaths paths) {
        if (!exists(spark, paths.runs())) {
            return spark.createDataFrame(List.of(), RunCommit.SCHEMA);
        }
        Column record = struct(Arrays.stream(RunCommit.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
        return RunCommit.records(spark, paths).groupBy("feature_model", "run_id")
                .agg(max_by(record, struct(col("committed_at"), col(RunCommit.ATTEMPT))).as("r")).select("r.*");
    }

    /** Committed rows of {@code scores}, with the attempt column. */
    public static Dataset<Row> scores(SparkSession spark, RunPaths paths) {
        return committed(spark, paths, read(spark, paths.scores(), ResultSchemas.SCORES));
    }

    /** Committed rows of {@code summary}, with the attempt column. */
    public static Dataset<Row> summary(SparkSession spark, RunPaths paths) {
        return committed(spark, paths, read(spark, paths.summary(), ResultSchemas.SUMMARY));
    }

    /** Committed rows of {@code rankings}, with the attempt column. */
    public static Dataset<Row> rankings(SparkSession spark, RunPaths paths) {
        return committed(spark, paths, read(spark, paths.rankings(), ResultSchemas.RANKINGS));
    }

    /** Committed rows of {@code comparisons}, with the attempt column. */
    public static Dataset<Row> comparisons(SparkSession spark, RunPaths paths) {
        return committed(spark, paths, read(spark, paths.comparisons(), ResultSchemas.COMPARISONS));
    }

    /** One attempt's rows of a table, committed or not: what the attempt itself reads back. */
    static Dataset<Row> attempt(SparkSession spark, String table, StructType schema, String runId,
                                String featureModel, String attempt) {
        return read(spark, table, schema).where(col("run_id").equalTo(lit(runId))
                .and(col("feature_model").equalTo(lit(featureModel)))
                .and(col(RunCommit.ATTEMPT).equalTo(lit(attempt))));
    }

    /** All rows of a table, every attempt; the attempt partition column is declared last. */
    static Dataset<Row> read(SparkSession spark, String table, StructType schema) {
        return spark.read().schema(schema.add(RunCommit.ATTEMPT, DataTypes.StringType, false)).parquet(table);
    }

    private static Dataset<Row> committed(SparkSession spark, RunPaths paths, Dataset<Row> rows) {
        Dataset<Row> keys = runs(spark, paths).select(KEY.stream().map(c -> col(c)).toArray(Column[]::new));
        return rows.join(broadcast(keys), scala.jdk.javaapi.CollectionConverters.asScala(KEY).toSeq(), "left_semi");
    }

    static boolean exists(SparkSession spark, String uri) {
        try {
            Path p = new Path(uri);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + uri, e);
        }
    }
}
