package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascore.io.ResultSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

/**
 * Makes an attempt of a run visible to readers in one step: after its scores, summary and
 * rankings are fully written, one small Parquet file in {@code runs/} records it. A single file
 * appears whole or not at all, on object stores too, so readers that follow the latest record
 * ({@link CommittedTables}) see the earlier attempt until that moment and the new one after,
 * whatever crashes in between. Superseded and crashed attempts are deleted only after the commit.
 */
public final class RunCommit {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommit.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The partition column, under run_id, of every attempt's rows. */
    public static final String ATTEMPT = "attempt";

    /** One row per committed attempt; partitioned by feature_model and run_id. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("run_id", DataTypes.StringType, false),
        DataTypes.createStructField("feature_model", DataTypes.StringType, false),
        DataTypes.createStructField(ATTEMPT, DataTypes.StringType, false),
        DataTypes.createStructField("committed_at", DataTypes.TimestampType, false),
        DataTypes.createStructField("run_date", DataTypes.DateType, false),
        DataTypes.createStructField("params_id", DataTypes.StringType, false),
        DataTypes.createStructField("model_sha256", DataTypes.StringType, false),
        DataTypes.createStructField("n_scores", DataTypes.LongType, false),
        DataTypes.createStructField("n_summary", DataTypes.LongType, false),
        DataTypes.createStructField("n_rankings", DataTypes.LongType, false),
        DataTypes.createStructField("params", DataTypes.StringType, true),
        DataTypes.createStructField("inputs", DataTypes.StringType, true),
    });

    private final SparkSession spark;
    private final RunPaths paths;
    private final String runId;
    private final String featureModel;
    private final String attempt;

    RunCommit(SparkSession spark, RunPaths paths, String runId, String featureModel, String attempt) {
        this.spark = spark;
        this.paths = paths;
        this.runId = runId;
        this.featureModel = featureModel;
        this.attempt = attempt;
    }

    /**
     * A fresh attempt id: its start time first, so ids sort by start, then random hex so two
     * attempts started in the same second differ. The letters keep Spark from reading it as a number.
     */
    static String newAttempt(Instant started) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return STAMP.format(started) + "-" + HexFormat.of().formatHex(random);
    }

    String attempt() {
        return attempt;
    }

    /**
     * Writes the commit record, after checking that the attempt's scores hold one row per input,
     * then deletes the run's earlier attempts.
     *
     * @param params the metric settings in words ({@link org.ascore.metric.MetricParams#describe})
     * @param inputs the real and generated roots in words
     * @throws IllegalStateException when they do not; nothing is committed then
     */
    void commit(LocalDate runDate, String paramsId, String modelSha256, long expectedScores, String params,
                String inputs) {
        long scores = rows(paths.scores(), ResultSchemas.SCORES);
        if (scores != expectedScores) {
            throw new IllegalStateException("attempt " + attempt + " of run " + runId + " wrote " + scores
                    + " score rows for " + expectedScores + " inputs under " + paths.scores() + "; not committing it");
        }
        long summary = rows(paths.summary(), ResultSchemas.SUMMARY);
        long rankings = CommittedTables.exists(spark, paths.rankings())
                ? rows(paths.rankings(), ResultSchemas.RANKINGS) : 0;
        Row record = RowFactory.create(runId, featureModel, attempt, Timestamp.from(Instant.now()),
                Date.valueOf(runDate), paramsId, modelSha256, scores, summary, rankings, params, inputs);
        spark.createDataFrame(List.of(record), SCHEMA).coalesce(1).write().mode(SaveMode.Append)
                .partitionBy("feature_model", "run_id").parquet(paths.runs());
        LOG.info("Committed attempt {} of run {} ({} score, {} summary, {} ranking rows)", attempt, runId, scores,
                summary, rankings);
        try {
            cleanUp();
        } catch (RuntimeException e) {
            LOG.warn("Run {} is committed, but deleting its earlier attempts failed; readers ignore them and the"
                    + " next commit of the run deletes them", runId, e);
        }
    }

    /**
     * Deletes, for this run and feature model, the folders of every attempt other than the
     * committed one that started no later than this one (superseded or crashed; a later one may
     * still be running), then the commit records of superseded attempts. A crash here leaves files
     * that readers ignore and the next commit of the run deletes.
     */
    void cleanUp() {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<Row> records = records(spark, paths)
                .where(col("run_id").equalTo(lit(runId)).and(col("feature_model").equalTo(lit(featureModel))))
                .select(col(ATTEMPT), col("committed_at"), input_file_name().as("file")).collectAsList();
        String committed = records.stream()
                .max(Comparator.comparing((Row r) -> r.<Timestamp>getAs("committed_at"))
                        .thenComparing(r -> r.<String>getAs(ATTEMPT)))
                .map(r -> r.<String>getAs(ATTEMPT)).orElseThrow(() -> new IllegalStateException(
                        "run " + runId + " has no commit record under " + paths.runs()));
        for (String other : paths.attempts(conf, runId, featureModel)) {
            if (!other.equals(committed) && other.compareTo(attempt) <= 0) {
                LOG.info("Deleting attempt {} of run {}: attempt {} is committed", other, runId, committed);
                paths.deleteAttempt(conf, runId, featureModel, other);
            }
        }
        for (Row r : records) {
            if (!r.<String>getAs(ATTEMPT).equals(committed)) {
                // input_file_name() is a URI string; Path(URI) keeps escaped partition values as they are.
                Path file = new Path(URI.create(r.getAs("file")));
                try {
                    LOG.info("Deleting superseded commit record {}", file);
                    file.getFileSystem(conf).delete(file, false);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + file, e);
                }
            }
        }
    }

    /** Every commit record, superseded ones included. */
    static Dataset<Row> records(SparkSession spark, RunPaths paths) {
        return spark.read().schema(SCHEMA).parquet(paths.runs());
    }

    private long rows(String table, StructType schema) {
        return CommittedTables.attempt(spark, table, schema, runId, featureModel, attempt).count();
    }
}
