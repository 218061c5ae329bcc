package org.ascore.report;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.Status;
import org.ascore.io.ImageInputs;
import org.ascore.io.ResultSchemas;
import org.ascore.pipeline.CommittedTables;
import org.ascore.pipeline.RunPaths;
import org.ascore.report.RunReport.Cloud;
import org.ascore.report.RunReport.Distribution;
import org.ascore.report.RunReport.Failure;
import org.ascore.report.RunReport.Failures;
import org.ascore.report.RunReport.RunInfo;
import org.ascore.report.RunReport.HistoryPoint;
import org.ascore.report.RunReport.Section;
import org.ascore.report.RunReport.SourceThumbnails;
import org.ascore.report.RunReport.SummaryRow;
import org.ascore.report.RunReport.Thumbnail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Reads what a report shows from the result tables, reducing it on the cluster to a few thousand
 * numbers per source: quantiles for the CDFs, a hashed subsample for the scatter plots, both ends
 * of each ranking. Only committed rows are read ({@link CommittedTables}): a run that is being
 * rerun, or crashed while rerunning, shows its last complete attempt.
 */
final class RunReader {
    /** Hash buckets of the scatter subsample. */
    private static final long BUCKETS = 1_000_000L;
    /** Failed images listed by path; the rest are counted. */
    static final int FAILURES_SHOWN = 100;

    private final SparkSession spark;
    private final RunPaths paths;
    private final ReportOptions options;

    RunReader(SparkSession spark, String out, ReportOptions options) {
        this.spark = spark;
        this.paths = new RunPaths(out);
        this.options = options;
    }

    /** Feature models with summary rows for this run, sorted; empty when the run has none. */
    List<String> featureModels(String runId) {
        if (!exists(paths.summary())) {
            return List.of();
        }
        return summary().where(col("run_id").equalTo(lit(runId))).select("feature_model").distinct()
                .orderBy("feature_model").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }

    /** Whether the scores table has rows of any attempt of this run, committed or not (a crashed run). */
    boolean hasScores(String runId) {
        return exists(paths.scores()) && !spark.read().schema(ResultSchemas.SCORES).parquet(paths.scores())
                .where(col("run_id").equalTo(lit(runId))).isEmpty();
    }

    Section section(String runId, String featureModel, Thumbnails thumbnails) {
        List<Row> rows = summary().where(col("run_id").equalTo(lit(runId))
                .and(col("feature_model").equalTo(lit(featureModel)))).collectAsList();
        List<SummaryRow> summary = new ArrayList<>();
        for (Row r : rows) {
            summary.add(new SummaryRow(r.getAs("source"), r.<Long>getAs("n_real"), r.<Long>getAs("n_generated"),
                    r.<Long>getAs("n_failed"), r.<Long>getAs("n_real_failed"), r.getAs("as_d"), r.getAs("p_value"),
                    r.getAs("median_c_real"), r.getAs("median_c_generated"), r.getAs("median_v_real"),
                    r.getAs("median_v_generated"), r.getAs("as_d_ci_low"), r.getAs("as_d_ci_high"), r.getAs("fd")));
        }
        summary.sort(Comparator.comparing((SummaryRow s) -> s.asD() == null ? Double.NEGATIVE_INFINITY : s.asD())
                .reversed().thenComparing(SummaryRow::source));
        Row first = rows.get(0);
        String reference = first.getAs("reference");
        java.sql.Timestamp ts = first.getAs("run_ts");
        List<String> sources = summary.stream().map(SummaryRow::source).toList();

        Dataset<Row> ok = scores().where(col("run_id").equalTo(lit(runId))
                        .and(col("feature_model").equalTo(lit(featureModel)))
                        .and(col("status").equalTo(Status.OK.code()))
                        .and(col("complexity").isNotNull()).and(col("vulnerability").isNotNull())
                        .and(col("split").equalTo(ImageInputs.REAL).and(col("source").equalTo(reference))
                                .or(col("split").equalTo(ImageInputs.GENERATED).and(col("source").isin(sources.toArray())))))
                .select("split", "source", "path", "complexity", "vulnerability");
        List<Distribution> distributions = distributions(ok);
        List<Cloud> clouds = withHoverPictures(clouds(ok, distributions), sources, thumbnails);
        Rankings rankings = rankings(runId, featureModel, sources, thumbnails);
        return new Section(featureModel, reference, ts == null ? null : ts.toInstant(), first.getAs("params_id"),
                rankings.order, summary, options.levels(), distributions, clouds, rankings.thumbnails,
                history(featureModel), comparisons(runId, featureModel), info(runId, featureModel, first),
                failures(runId, featureModel));
    }

    /** The run's settings: metric parameters and inputs from its commit record, the rest from its summary. */
    private RunInfo info(String runId, String featureModel, Row summary) {
        List<Row> records = CommittedTables.runs(spark, paths).where(col("run_id").equalTo(lit(runId))
                .and(col("feature_model").equalTo(lit(featureModel)))).collectAsList();
        Row record = records.isEmpty() ? null : records.get(0);
        return new RunInfo(record == null ? null : record.getAs("params"), record == null ? null : record.getAs("inputs"),
                record == null ? null : record.getAs("model_sha256"), summary.getAs("ascore_version"),
                summary.getAs("engine"), summary.getAs("device"), summary.getAs("batch_size"), summary.getAs("precision"));
    }

    /** The first {@link #FAILURES_SHOWN} images not scored ok, by split, source and path, and their count. */
    private Failures failures(String runId, String featureModel) {
        Dataset<Row> failed = scores().where(col("run_id").equalTo(lit(runId))
                .and(col("feature_model").equalTo(lit(featureModel)))
                .and(col("status").notEqual(Status.OK.code())))
                .select("split", "source", "path", "status", "error");
        List<Failure> shown = new ArrayList<>();
        for (Row r : failed.orderBy("split", "source", "path").limit(FAILURES_SHOWN).collectAsList()) {
            shown.add(new Failure(r.getAs("split"), r.getAs("source"), r.getAs("path"), r.getAs("status"),
                    r.getAs("error")));
        }
        return new Failures(shown.size() < FAILURES_SHOWN ? shown.size() : failed.count(), shown);
    }

    private List<RunReport.Comparison> comparisons(String runId, String featureModel) {
        List<RunReport.Comparison> out = new ArrayList<>();
        if (!exists(paths.comparisons())) {
            return out;
        }
        for (Row r : CommittedTables.comparisons(spark, paths)
                .where(col("run_id").equalTo(lit(runId)).and(col("feature_model").equalTo(lit(featureModel))))
                .collectAsList()) {
            out.add(new RunReport.Comparison(r.getAs("source_a"), r.getAs("source_b"), r.getAs("diff"),
                    r.getAs("p_a_closer")));
        }
        return out;
    }

    private List<Distribution> distributions(Dataset<Row> ok) {
        StringJoiner levels = new StringJoiner(", ", "array(", ")");
        for (double p : options.levels()) {
            levels.add(String.format(Locale.ROOT, "%.6fD", p));
        }
        List<Row> rows = ok.groupBy("split", "source").agg(count(lit(1)).as("n"),
                expr("percentile_approx(complexity, " + levels + ", 10000)").as("c"),
                expr("percentile_approx(vulnerability, " + levels + ", 10000)").as("v")).collectAsList();
        List<Distribution> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Distribution(r.getAs("split"), r.getAs("source"), r.<Long>getAs("n"), doubles(r.getList(3)),
                    doubles(r.getList(4))));
        }
        return out;
    }

    /**
     * At most {@link ReportOptions#scatterPoints()} points per set: the rows with the smallest
     * hashes of their path. A hash filter sized from each set's count first cuts the rows shipped
     * to the driver to about 1.5 times that, whatever the size of the run.
     */
    private List<Cloud> clouds(Dataset<Row> ok, List<Distribution> sets) {
        int cap = options.scatterPoints();
        Column threshold = lit(0L);
        for (Distribution d : sets) {
            long keep = (long) Math.ceil(Math.min(1.0, 1.5 * cap / Math.max(1, d.n())) * BUCKETS);
            threshold = when(col("split").equalTo(d.split()).and(col("source").equalTo(d.source())), lit(keep))
                    .otherwise(threshold);
        }
        Column bucket = pmod(xxhash64(col("path")), lit(BUCKETS));
        List<Row> rows = ok.withColumn("h", xxhash64(col("path"))).where(bucket.lt(threshold))
                .select("split", "source", "h", "path", "complexity", "vulnerability").collectAsList();
        Map<String, List<Row>> bySet = new LinkedHashMap<>();
        for (Row r : rows) {
            bySet.computeIfAbsent(r.getString(0) + "\u0000" + r.getString(1), k -> new ArrayList<>()).add(r);
        }
        List<Cloud> out = new ArrayList<>();
        for (List<Row> set : bySet.values()) {
            set.sort(Comparator.comparingLong((Row r) -> r.getLong(2)).thenComparing(r -> r.getString(3)));
            int n = Math.min(cap, set.size());
            double[] c = new double[n];
            double[] v = new double[n];
            String[] path = new String[n];
            for (int i = 0; i < n; i++) {
                path[i] = set.get(i).getString(3);
                c[i] = set.get(i).getDouble(4);
                v[i] = set.get(i).getDouble(5);
            }
            out.add(new Cloud(set.get(0).getString(0), set.get(0).getString(1), c, v, path, new RunReport.Image[n]));
        }
        return out;
    }

    /**
     * Pictures for the hover of the first {@link ReportOptions#hoverThumbnails()} points (by hash,
     * as drawn) of each generated source that gets thumbnails: a bound on the page's size, since
     * every picture is embedded. The real points keep a text hover.
     */
    private List<Cloud> withHoverPictures(List<Cloud> clouds, List<String> sources, Thumbnails thumbnails) {
        List<String> pictured = sources.stream().limit(options.thumbnailSources()).toList();
        int n = options.hoverThumbnails();
        List<String> uris = new ArrayList<>();
        for (Cloud c : clouds) {
            if (ImageInputs.GENERATED.equals(c.split()) && pictured.contains(c.source())) {
                uris.addAll(List.of(c.paths()).subList(0, Math.min(n, c.paths().length)));
            }
        }
        Map<String, RunReport.Image> images = thumbnails.loadAll(uris, options.hoverSide());
        List<Cloud> out = new ArrayList<>();
        for (Cloud c : clouds) {
            RunReport.Image[] pictures = new RunReport.Image[c.paths().length];
            if (ImageInputs.GENERATED.equals(c.split()) && pictured.contains(c.source())) {
                for (int i = 0; i < Math.min(n, pictures.length); i++) {
                    pictures[i] = images.get(c.paths()[i]);
                }
            }
            out.add(new Cloud(c.split(), c.source(), c.complexity(), c.vulnerability(), c.paths(), pictures));
        }
        return out;
    }

    private record Rankings(String order, List<SourceThumbnails> thumbnails) {
    }

    private Rankings rankings(String runId, String featureModel, List<String> sources, Thumbnails thumbnails) {
        if (!exists(paths.rankings())) {
            return new Rankings(null, List.of());
        }
        int k = options.thumbnailsPerEnd();
        Dataset<Row> run = CommittedTables.rankings(spark, paths)
                .where(col("run_id").equalTo(lit(runId)).and(col("feature_model").equalTo(lit(featureModel))));
        // The ranked count per source from an aggregation: a window over a whole source would send
        // all of its rows to one task.
        Dataset<Row> counts = run.groupBy("source").agg(max("rank").as("ranked"));
        List<Row> rows = run.join(counts, "source")
                .where(col("rank").leq(k).or(col("rank").gt(col("ranked").minus(k))))
                .select("source", "rank", "path", "as_i", "asi_ref_pct", "asi_ref_dev", "ranked", "ranking_order")
                .orderBy("source", "rank").collectAsList();
        Map<String, List<Row>> bySource = new HashMap<>();
        String order = null;
        for (Row r : rows) {
            bySource.computeIfAbsent(r.getString(0), s -> new ArrayList<>()).add(r);
            order = order == null ? r.getString(7) : order;
        }
        List<String> shown = sources.stream().filter(bySource::containsKey).limit(options.thumbnailSources()).toList();
        Map<String, RunReport.Image> images = thumbnails.loadAll(
                shown.stream().flatMap(s -> bySource.get(s).stream()).map(r -> r.getString(2)).toList());
        boolean byAsI = "as-i".equals(order);
        String key = byAsI ? "as_i" : "asi_ref_dev";
        List<SourceThumbnails> out = new ArrayList<>();
        Map<String, Map<Double, Long>> ties = tieCounts(run, key, shown, bySource, k);
        for (String source : shown) {
            List<Row> ranked = bySource.get(source);
            List<Thumbnail> top = new ArrayList<>();
            List<Thumbnail> bottom = new ArrayList<>();
            for (Row r : ranked) {
                int rank = r.getInt(1);
                Thumbnail t = new Thumbnail(rank, r.getString(2), r.getAs("as_i"), r.getAs("asi_ref_pct"),
                        r.getAs("asi_ref_dev"), images.get(r.getString(2)));
                (rank <= k ? top : bottom).add(t);
            }
            Map<Double, Long> tied = ties.getOrDefault(source, Map.of());
            out.add(new SourceThumbnails(source, ranked.get(0).getInt(6), top, bottom,
                    tie(top.isEmpty() ? null : top.get(top.size() - 1), top, bottom, byAsI, tied),
                    tie(bottom.isEmpty() ? null : bottom.get(0), bottom, top, byAsI, tied)));
        }
        return new Rankings(order, out);
    }

    /**
     * Per source, how many ranked images share the ranking value of each end's boundary thumbnail
     * (the last one shown at the top, the first at the bottom), in one aggregation.
     */
    private static Map<String, Map<Double, Long>> tieCounts(Dataset<Row> run, String key, List<String> sources,
                                                            Map<String, List<Row>> bySource, int k) {
        Column boundary = lit(false);
        for (String source : sources) {
            for (Row r : bySource.get(source)) {
                int rank = r.getInt(1);
                long ranked = r.getInt(6);
                if (rank == Math.min(k, ranked) || rank == Math.max(1, ranked - k + 1)) {
                    boundary = boundary.or(col("source").equalTo(source).and(col(key).equalTo(r.<Double>getAs(key))));
                }
            }
        }
        Map<String, Map<Double, Long>> out = new HashMap<>();
        for (Row r : run.where(boundary).groupBy("source", key).count().collectAsList()) {
            out.computeIfAbsent(r.getString(0), s -> new HashMap<>()).put(r.getDouble(1), r.getLong(2));
        }
        return out;
    }

    /** The tie at one end, or null when every image with the boundary's value is shown at either end. */
    private static RunReport.Tie tie(Thumbnail boundary, List<Thumbnail> end, List<Thumbnail> otherEnd, boolean byAsI,
                                     Map<Double, Long> counts) {
        if (boundary == null) {
            return null;
        }
        double value = byAsI ? boundary.asI() : boundary.refDev();
        int shown = (int) end.stream().filter(t -> (byAsI ? t.asI() : t.refDev()) == value).count();
        long shownAnywhere = shown + otherEnd.stream().filter(t -> (byAsI ? t.asI() : t.refDev()) == value).count();
        long count = counts.getOrDefault(value, shownAnywhere);
        return count > shownAnywhere ? new RunReport.Tie(count, value, shown) : null;
    }

    List<HistoryPoint> history(String featureModel) {
        List<Row> rows = summary().where(col("feature_model").equalTo(lit(featureModel)))
                .select("source", "run_id", "run_ts", "as_d", "as_d_ci_low", "as_d_ci_high").collectAsList();
        List<HistoryPoint> out = new ArrayList<>();
        for (Row r : rows) {
            java.sql.Timestamp ts = r.getTimestamp(2);
            if (ts != null) {
                out.add(new HistoryPoint(r.getString(0), r.getString(1), ts.toInstant(),
                        r.isNullAt(3) ? null : r.getDouble(3), r.isNullAt(4) ? null : r.getDouble(4),
                        r.isNullAt(5) ? null : r.getDouble(5)));
            }
        }
        out.sort(Comparator.comparing(HistoryPoint::runTs).thenComparing(HistoryPoint::source));
        return out;
    }

    private Dataset<Row> summary() {
        return CommittedTables.summary(spark, paths);
    }

    private Dataset<Row> scores() {
        return CommittedTables.scores(spark, paths);
    }

    private boolean exists(String uri) {
        try {
            Path p = new Path(uri);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + uri, e);
        }
    }

    private static double[] doubles(List<Object> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).doubleValue();
        }
        return out;
    }
}
