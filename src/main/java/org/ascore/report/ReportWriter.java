package org.ascore.report;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.ConfigException;
import org.ascore.util.Ids;
import org.ascore.util.Uris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code <out>/reports/<run_id>/index.html}: the HTML report of one run, built from the
 * result tables under {@code <out>} and written through the Hadoop FileSystem API, so the output
 * root may be any URI the pipeline writes to (local, HDFS, s3a, ...).
 */
public final class ReportWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);
    private final SparkSession spark;
    private final String out;
    private final ReportOptions options;

    public ReportWriter(SparkSession spark, String out) {
        this(spark, out, ReportOptions.defaults());
    }

    public ReportWriter(SparkSession spark, String out, ReportOptions options) {
        this.spark = spark;
        this.out = Uris.withoutTrailingSlash(out);
        this.options = options;
    }

    /** Where the report of a run goes. */
    public static String reportUri(String out, String runId) {
        return Uris.withoutTrailingSlash(out) + "/reports/" + runId + "/index.html";
    }

    /**
     * Builds the report of a run and writes it, replacing an earlier one.
     *
     * @param featureModel the feature model to show, or null for every feature model of the run
     * @return the fully qualified URI of the written page
     * @throws ConfigException naming {@code --run-id} or {@code --feature-model} when the run has no such rows
     */
    public String write(String runId, String featureModel) {
        // The rule JobConfig applies; anything else could also lead out of the reports folder.
        if (!Ids.isValid(runId)) {
            throw new ConfigException("--run-id", "must be " + Ids.RULE + ", got '" + runId + "'");
        }
        RunReader reader = new RunReader(spark, out, options);
        List<String> models = reader.featureModels(runId);
        if (models.isEmpty()) {
            String why = reader.hasScores(runId)
                    ? "run '" + runId + "' has scores but no committed attempt under " + out
                            + "/runs (did it fail before its commit, or is it still running?)"
                    : "no rows of run '" + runId + "' under " + out;
            throw new ConfigException("--run-id", why);
        }
        if (featureModel != null) {
            if (!models.contains(featureModel)) {
                throw new ConfigException("--feature-model", "run '" + runId + "' has no rows of feature model '"
                        + featureModel + "'; it has " + String.join(", ", models));
            }
            models = List.of(featureModel);
        }
        Thumbnails thumbnails = new Thumbnails(spark.sparkContext().hadoopConfiguration(), options);
        List<RunReport.Section> sections = new ArrayList<>();
        for (String model : models) {
            LOG.info("Report of run {}: reading feature model {}", runId, model);
            sections.add(reader.section(runId, model, thumbnails));
        }
        String html = ReportPage.render(new RunReport(runId, sections));
        return store(reportUri(out, runId), html.getBytes(StandardCharsets.UTF_8));
    }

    private String store(String uri, byte[] bytes) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(conf);
            try (FSDataOutputStream o = fs.create(path, true)) {
                o.write(bytes);
            }
            String written = fs.makeQualified(path).toString();
            LOG.info("Wrote report {} ({} KiB)", written, bytes.length / 1024);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + uri, e);
        }
    }
}
