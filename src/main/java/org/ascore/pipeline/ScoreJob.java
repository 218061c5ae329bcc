package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.storage.StorageLevel;
import org.ascore.Version;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;
import org.ascore.config.ModelCard;
import org.ascore.io.ImageInputs;
import org.ascore.io.ResultSchemas;
import org.ascore.model.SystematicModelError;
import org.ascore.util.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The whole {@code score} job: check everything on the driver, score every input file on the
 * executors into {@code scores}, then compute AS and the AS-i rankings on the driver.
 */
public final class ScoreJob {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

    private final SparkSession spark;
    private final JobConfig cfg;

    public ScoreJob(SparkSession spark, JobConfig cfg) {
        this.spark = spark;
        this.cfg = cfg;
    }

    /** The checks that must pass before any work: model card, model checksum, inputs, output. */
    public ModelCard validate() {
        ModelCard card = ModelCard.load(java.nio.file.Path.of(cfg.model()));
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        verifyModelFile(card, conf);
        ImageInputs.checkRootsExist(spark, cfg);
        try {
            Path out = new Path(cfg.out());
            FileSystem fs = out.getFileSystem(conf);
            if (!fs.mkdirs(out)) {
                throw new ConfigException(JobConfig.Key.OUT.key(), "cannot create output folder " + cfg.out());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(JobConfig.Key.OUT.key(), "output " + cfg.out() + " is not writable: "
                    + e.getMessage(), e);
        }
        DriverModelProbe.check(card, cfg.model(), conf, cfg.batchSize() > 0 ? cfg.batchSize() : card.batchSize());
        return card;
    }

    private static void verifyModelFile(ModelCard card, Configuration conf) {
        Path file = new Path(card.fileUri());
        String actual;
        try (FSDataInputStream in = file.getFileSystem(conf).open(file)) {
            actual = Sha256.hex(in);
        } catch (IOException e) {
            throw new ConfigException(JobConfig.Key.MODEL.key(), "cannot read model file " + file + " of card "
                    + card.name() + ": " + e.getMessage(), e);
        }
        if (!actual.equals(card.sha256())) {
            throw new ConfigException(JobConfig.Key.MODEL.key(), "model file " + file + " has sha256 " + actual
                    + " but card " + card.name() + " says " + card.sha256()
                    + "; refusing to run it (TorchScript files are code)");
        }
    }

    /** Runs the job and returns what it did. */
    public RunResult run() {
        long startNanos = System.nanoTime();
        Instant started = Instant.now();
        ModelCard card = validate();
        OutputCommitters.configure(spark, cfg.out());
        int batch = cfg.batchSize() > 0 ? cfg.batchSize() : card.batchSize();
        String preprocessing = card.channels() + "x" + card.crop() + "/resize=" + card.resize()
                + "/mean=" + Arrays.toString(card.mean()) + "/std=" + Arrays.toString(card.std()) + "/" + card.precision();
        String paramsId = cfg.metric().paramsId(preprocessing);
        LOG.info("Run {}: feature model {} ({}), params {}, batch {}", cfg.runId(), card.name(), card.sha256(),
                paramsId, batch);

        ImageInputs.Listed listed = ImageInputs.all(spark, cfg);
        Dataset<Row> inputs = listed.rows();
        long total = inputs.count();
        if (total == 0) {
            throw new ConfigException(JobConfig.Key.REAL.key(), "no input files matched " + cfg.inputGlob()
                    + " under the given roots");
        }
        int partitions = cfg.partitions() > 0 ? cfg.partitions()
                : Batches.partitions(total, batch, spark.sparkContext().defaultParallelism());

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        if (Arrays.stream(spark.sparkContext().listFiles().mkString(",").split(",")).noneMatch(card.file()::equals)) {
            jsc.addFile(card.file());
        }
        ScoreSettings settings = new ScoreSettings(cfg.runId(), LocalDate.ofInstant(started, ZoneOffset.UTC), card,
                new Path(card.fileUri()).getName(), paramsId, cfg.metric(), cfg.device(), batch, cfg.torchThreads(),
                cfg.maxPixels(), cfg.maxBytes(), cfg.outputFeatures());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        LongAccumulator scored = spark.sparkContext().longAccumulator("ascore.images.scored");
        LongAccumulator inferred = spark.sparkContext().longAccumulator("ascore.images.inferred");
        EngineUse engineUse = new EngineUse(spark.sparkContext());
        RunPaths paths = new RunPaths(cfg.out());
        RunCommit commit = new RunCommit(spark, paths, cfg.runId(), card.name(), RunCommit.newAttempt(started));
        LOG.info("Attempt {} of run {}", commit.attempt(), cfg.runId());

        Optional<Dataset<Row>> previous = cfg.reuse()
                ? PreviousScores.find(spark, paths, card, paramsId, cfg.runId()) : Optional.empty();
        Dataset<Row> unscored = inputs;
        Dataset<Row> reused = null;
        Dataset<Row> hashed = null;
        long reusedCount = 0;
        if (previous.isPresent()) {
            hashed = inputs.repartition(partitions).mapPartitions(new ContentIds(conf, cfg.maxBytes()),
                    Encoders.row(ContentIds.SCHEMA)).persist(StorageLevel.MEMORY_AND_DISK());
            reused = PreviousScores.reuse(hashed, previous.get(), settings);
            unscored = hashed.join(previous.get().select("image_id"), hashed.col("image_id")
                    .equalTo(previous.get().col("image_id")), "left_anti").drop("image_id");
            reusedCount = reused.count();
            LOG.info("Reusing {} of {} rows from earlier runs with the same images, model and parameters",
                    reusedCount, total);
        }
        Dataset<Row> scores;
        if (total == reusedCount) {
            LOG.info("All {} images reused from earlier runs: none to score", total);
            scores = reused;
        } else {
            // No more partitions than batches: an empty task makes the S3A magic committer fail
            // its task commit (it lists a task folder that was never written).
            int scoring = Batches.cap(partitions, total - reusedCount, batch);
            LOG.info("Scoring {} files in {} partitions", total - reusedCount, scoring);
            scores = Batches.assign(unscored, batch, scoring).mapPartitions(
                    new ScorePartition(settings, conf, scored, inferred, engineUse), Encoders.row(ResultSchemas.SCORES));
            if (reused != null) {
                scores = scores.unionByName(reused);
            }
        }
        try (Progress progress = new Progress(scored, total - reusedCount, cfg.progressIntervalSeconds())) {
            scores.withColumn(RunCommit.ATTEMPT, lit(commit.attempt())).write().mode(SaveMode.Append)
                    .partitionBy("run_date", "feature_model", "run_id", RunCommit.ATTEMPT).parquet(paths.scores());
            LOG.info("Wrote {} score rows in {} s ({} images through the model)", total,
                    String.format("%.1f", progress.elapsedSeconds()), inferred.value());
        } catch (Exception e) {
            // Spark wraps a task's exception in its own, with the task's stack trace in the message.
            SystematicModelError.throwIfCauseOf(e);
            throw e;
        } finally {
            if (hashed != null) {
                hashed.unpersist();
            }
        }
        Provenance provenance = new Provenance(Version.current(), engineUse.engines(), engineUse.devices(), batch,
                card.precision());
        AggregateStage aggregates = new AggregateStage(spark, cfg, paths, commit.attempt());
        List<SourceSummary> summaries = aggregates.run(card.name(), paramsId, Timestamp.from(started), startNanos,
                provenance);
        commit.commit(settings.runDate(), paramsId, card.sha256(), total, cfg.metric().describe(preprocessing),
                "real " + cfg.realLabel() + "=" + String.join(",", cfg.real()) + "; generated " + cfg.generated());
        List<String> warnings = InputSizeCheck.warning(aggregates.runScores(card.name()), card).stream().toList();
        warnings.forEach(w -> LOG.warn("Inputs: {}", w));
        return new RunResult(cfg.runId(), summaries, total, reusedCount, inferred.value(), listed.skipped(),
                comparisons(paths, card.name()), warnings);
    }

    private List<SourceComparison> comparisons(RunPaths paths, String featureModel) {
        if (!CommittedTables.exists(spark, paths.comparisons())) {
            return List.of();
        }
        return CommittedTables.comparisons(spark, paths).where(col("run_id").equalTo(lit(cfg.runId()))
                        .and(col("feature_model").equalTo(lit(featureModel)))).collectAsList().stream()
                .map(r -> new SourceComparison(r.getAs("source_a"), r.getAs("source_b"), r.<Double>getAs("diff"),
                        r.<Double>getAs("p_a_closer")))
                .toList();
    }
}
