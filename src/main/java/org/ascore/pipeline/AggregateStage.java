package org.ascore.pipeline;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.ascore.Status;
import org.ascore.config.JobConfig;
import org.ascore.io.ImageInputs;
import org.ascore.io.ResultSchemas;
import org.ascore.stats.Bootstrap;
import org.ascore.stats.Ks2d;
import org.ascore.stats.KsResult;
import org.ascore.stats.Percentiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

/**
 * The driver-side stage: AS (2D KS) of each generated source against the real reference, with its
 * bootstrap interval and the Fréchet distance of the features, written to {@code summary}; the
 * paired bootstrap comparisons of the generated sources, written to {@code comparisons}; and the
 * per-image AS-i ranking, written to {@code rankings}. Reads the scores
 * of this run back from Parquet, only the columns it needs, so it never recomputes the scoring stage.
 */
public final class AggregateStage {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateStage.class);

    private final SparkSession spark;
    private final JobConfig cfg;
    private final RunPaths paths;
    private final String attempt;

    /** @param attempt the attempt of the run whose scores are written and whose aggregates this writes */
    public AggregateStage(SparkSession spark, JobConfig cfg, RunPaths paths, String attempt) {
        this.spark = spark;
        this.cfg = cfg;
        this.paths = paths;
        this.attempt = attempt;
    }

    /** This attempt's rows of the scores table, not yet committed. */
    public Dataset<Row> runScores(String featureModel) {
        return CommittedTables.attempt(spark, paths.scores(), ResultSchemas.SCORES, cfg.runId(), featureModel, attempt);
    }

    /**
     * @param startNanos {@link System#nanoTime()} when the run started, for its duration
     * @param provenance what produced the scores, recorded in every summary row
     */
    public List<SourceSummary> run(String featureModel, String paramsId, Timestamp runTs, long startNanos,
                                   Provenance provenance) {
        Dataset<Row> scores = runScores(featureModel).drop("feature").cache();
        try {
            RunPoints points = RunPoints.collect(scores.where(col("status").equalTo(Status.OK.code())));
            Map<List<String>, Long> failed = failedCounts(scores);
            RunPoints.Points real = points.get(ImageInputs.REAL, cfg.realLabel());
            long realFailed = failed.getOrDefault(List.of(ImageInputs.REAL, cfg.realLabel()), 0L);
            if (real.size() == 0) {
                throw new IllegalStateException("no real image was scored ok (" + realFailed
                        + " failed); see the status and error columns of " + paths.scores());
            }
            Optional<Bootstrap.Result> bootstrap = bootstrap(real, points);
            Map<String, Double> fd = cfg.outputFeatures()
                    ? FeatureDistances.compute(runScores(featureModel).where(col("status").equalTo(Status.OK.code())),
                            cfg.realLabel(), cfg.generated().keySet())
                    : Map.of();
            List<SourceSummary> summaries = new ArrayList<>();
            for (String source : cfg.generated().keySet()) {
                RunPoints.Points gen = points.get(ImageInputs.GENERATED, source);
                long genFailed = failed.getOrDefault(List.of(ImageInputs.GENERATED, source), 0L);
                Double d = null;
                Double p = null;
                if (gen.size() > 0) {
                    KsResult ks = Ks2d.twoSample(real.c(), real.v(), gen.c(), gen.v());
                    d = ks.d();
                    p = ks.pValue();
                }
                if (genFailed + realFailed > 0) {
                    LOG.warn("AS of {} ignores {} generated and {} real images that were not scored ok", source,
                            genFailed, realFailed);
                }
                Optional<Bootstrap.Interval> interval =
                        bootstrap.map(b -> b.intervals().get(source));
                summaries.add(new SourceSummary(source, real.size(), gen.size(), genFailed, realFailed, d, p,
                        Percentiles.median(real.c()), Percentiles.median(real.v()), Percentiles.median(gen.c()),
                        Percentiles.median(gen.v()), Percentiles.mean(real.c()), Percentiles.mean(real.v()),
                        Percentiles.mean(gen.c()), Percentiles.mean(gen.v()),
                        interval.map(Bootstrap.Interval::low).orElse(null),
                        interval.map(Bootstrap.Interval::high).orElse(null),
                        interval.isPresent() ? bootstrap.get().replicates() : 0, fd.get(source)));
            }
            double duration = (System.nanoTime() - startNanos) / 1e9;
            writeSummary(featureModel, paramsId, runTs, duration, summaries, provenance);
            writeComparisons(featureModel, summaries, bootstrap);
            long largest = cfg.generated().keySet().stream()
                    .mapToLong(source -> points.get(ImageInputs.GENERATED, source).size()).max().orElse(0);
            writeRankings(scores, featureModel, real.asI(), largest);
            return summaries;
        } finally {
            scores.unpersist();
        }
    }

    /** Rows not scored ok, per (split, source). */
    private static Map<List<String>, Long> failedCounts(Dataset<Row> scores) {
        Map<List<String>, Long> out = new HashMap<>();
        for (Row r : scores.where(col("status").notEqual(Status.OK.code())).groupBy("split", "source").count()
                .collectAsList()) {
            out.put(List.of(r.getString(0), r.getString(1)), r.getLong(2));
        }
        return out;
    }

    private void writeSummary(String featureModel, String paramsId, Timestamp runTs, double duration,
                              List<SourceSummary> summaries, Provenance provenance) {
        List<Row> rows = new ArrayList<>();
        for (SourceSummary s : summaries) {
            rows.add(RowFactory.create(cfg.runId(), runTs, featureModel, paramsId, cfg.realLabel(), s.source(),
                    s.nReal(), s.nGenerated(), s.nFailed(), s.nRealFailed(), s.d(), s.pValue(), s.medianCReal(),
                    s.medianVReal(), s.medianCGenerated(), s.medianVGenerated(), s.meanCReal(), s.meanVReal(),
                    s.meanCGenerated(), s.meanVGenerated(), duration, provenance.ascoreVersion(), provenance.engine(),
                    provenance.device(), provenance.batchSize(), provenance.precision(), s.dCiLow(), s.dCiHigh(),
                    s.bootstrapReplicates(), s.fd()));
        }
        spark.createDataFrame(rows, ResultSchemas.SUMMARY).withColumn(RunCommit.ATTEMPT, lit(attempt)).coalesce(1)
                .write().mode(SaveMode.Append).partitionBy("feature_model", "run_id", RunCommit.ATTEMPT)
                .parquet(paths.summary());
    }

    /**
     * The bootstrap of every generated source with ok rows against the real set, its replicates
     * run as Spark tasks; empty when {@code ascore.bootstrap.replicates} is 0 or no source has a D.
     */
    private Optional<Bootstrap.Result> bootstrap(RunPoints.Points real, RunPoints points) {
        Map<String, Bootstrap.Sample> generated = new LinkedHashMap<>();
        for (String source : cfg.generated().keySet()) {
            RunPoints.Points gen = points.get(ImageInputs.GENERATED, source);
            if (gen.size() > 0) {
                generated.put(source, new Bootstrap.Sample(gen.c(), gen.v()));
            }
        }
        int replicates = cfg.bootstrapReplicates();
        if (replicates == 0 || generated.isEmpty()) {
            return Optional.empty();
        }
        Bootstrap b = new Bootstrap(cfg.metric().seed(), cfg.realLabel(), new Bootstrap.Sample(real.c(), real.v()),
                generated);
        long start = System.nanoTime();
        double[][] d = BootstrapReplicates.run(spark, b, replicates);
        LOG.info("{} bootstrap replicates of {} sources in {} s", replicates, generated.size(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        return Optional.of(Bootstrap.summarize(b.sources(), d));
    }

    /** One row per ordered pair of sources that both have an AS; written like the summary. */
    private void writeComparisons(String featureModel, List<SourceSummary> summaries,
                                  Optional<Bootstrap.Result> bootstrap) {
        Map<List<String>, Bootstrap.Comparison> paired = new HashMap<>();
        bootstrap.ifPresent(b -> b.comparisons().forEach(c -> paired.put(List.of(c.sourceA(), c.sourceB()), c)));
        List<Row> rows = new ArrayList<>();
        for (SourceSummary a : summaries) {
            for (SourceSummary b : summaries) {
                if (a == b || a.d() == null || b.d() == null) {
                    continue;
                }
                Bootstrap.Comparison c = paired.get(List.of(a.source(), b.source()));
                rows.add(RowFactory.create(cfg.runId(), featureModel, a.source(), b.source(), a.d(), b.d(),
                        a.d() - b.d(), c == null ? null : c.diff().low(), c == null ? null : c.diff().high(),
                        c == null ? null : c.fractionACloser()));
            }
        }
        if (rows.isEmpty()) {
            // One generated source: nothing to compare, and an empty write task fails the S3A magic committer.
            return;
        }
        spark.createDataFrame(rows, ResultSchemas.COMPARISONS).withColumn(RunCommit.ATTEMPT, lit(attempt)).coalesce(1)
                .write().mode(SaveMode.Append).partitionBy("feature_model", "run_id", RunCommit.ATTEMPT)
                .parquet(paths.comparisons());
    }

    /** @param largestSource ok rows of the largest generated source (an upper bound of the ranked rows) */
    private void writeRankings(Dataset<Row> scores, String featureModel, double[] realAsI, long largestSource) {
        Arrays.sort(realAsI);
        Broadcast<double[]> ref = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).broadcast(realAsI);
        UserDefinedFunction pct = udf((UDF1<Double, Double>) a -> Percentiles.midRank(ref.value(), a),
                DataTypes.DoubleType);
        Dataset<Row> ranked = scores
                .where(col("split").equalTo(ImageInputs.GENERATED).and(col("status").equalTo(Status.OK.code()))
                        .and(col("as_i").isNotNull()))
                .withColumn("asi_ref_pct", pct.apply(col("as_i")))
                .withColumn("asi_ref_dev", abs(col("asi_ref_pct").minus(50.0)).divide(50.0));
        // Every image beyond the real range has dev 1: among equal devs, the one whose AS-i lies
        // farther from the real median (in median absolute deviations) ranks first.
        double[] centre = Percentiles.medianAndMad(realAsI);
        Column[] order = cfg.rankingOrder() == JobConfig.RankingOrder.REF_DEV
                ? new Column[] {col("asi_ref_dev").desc(),
                    abs(col("as_i").minus(centre[0])).divide(centre[1]).desc(), col("path").asc()}
                : new Column[] {col("as_i").desc(), col("path").asc()};
        try (SourceRanks.Ranked numbered = SourceRanks.number(ranked, largestSource, order)) {
            numbered.rows()
                    .withColumn("ranking_order", lit(cfg.rankingOrder().code()))
                    .select(Arrays.stream(ResultSchemas.RANKINGS.fieldNames()).map(c -> col(c)).toArray(Column[]::new))
                    .withColumn(RunCommit.ATTEMPT, lit(attempt))
                    .write().mode(SaveMode.Append).partitionBy("feature_model", "run_id", RunCommit.ATTEMPT)
                    .parquet(paths.rankings());
        }
    }
}
