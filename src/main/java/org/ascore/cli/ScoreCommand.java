package org.ascore.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;
import org.ascore.config.ModelCard;
import org.ascore.config.Param;
import org.ascore.pipeline.RunResult;
import org.ascore.report.ReportWriter;
import org.ascore.pipeline.ScoreJob;
import org.ascore.pipeline.SourceComparison;
import org.ascore.pipeline.SourceSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ascore score}: the whole pipeline. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Scores images, computes AS per generated source and ranks the generated images by AS-i.",
        description = {
            "",
            "Scores real and generated images with a feature model, computes AS for each generated source "
                + "and ranks the generated images by AS-i, then writes the run's HTML report.",
            "",
            "Settings come from, lowest precedence first: the defaults, --config <file>, spark.ascore.<key> "
                + "entries of the Spark conf, then these options. A Required option may therefore also be set "
                + "in --config or as spark.ascore.<key>. The Settings below, and conf/ascore.conf, list every key "
                + "with its default."},
        customSynopsis = "ascore score --real <uri> --generated <label>=<uri> --model <file> --out <uri> [<option>...]",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            Main.EXIT_OK + ":the run's scores, summary, rankings and report were written",
            Main.EXIT_FAILURE + ":the job failed while running (the message and the log say why)",
            Main.EXIT_CONFIG + ":bad argument, configuration, model card or model file (the message names the "
                    + "key), found before any image was scored",
            Main.EXIT_REPORT + ":scores, summary and rankings were written, but the HTML report failed: "
                    + "rebuild it with `ascore report`"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ascore score --real src/demo/real --generated pca-4=src/demo/generated/pca-4 \\",
            "      --generated pca-64=src/demo/generated/pca-64 --model conf/models/fmnist-cnn.conf \\",
            "      --out /tmp/ascore-out --run-id demo",
            "  ascore score --config conf/ascore.conf --real s3a://bucket/real \\",
            "      --generated gan=parquet:s3a://bucket/gan.parquet --model conf/models/vit_s16.conf \\",
            "      --out s3a://bucket/ascore --device gpu --conf ascore.vulnerability.direction=ascent"})
public final class ScoreCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--real", paramLabel = "<uri>",
            description = "Required. Real (reference) images: a folder (any Hadoop URI) or parquet:<uri>, a table of "
                    + "image bytes. Repeatable; each is one URI, commas included.")
    List<String> real = new ArrayList<>();

    @Option(names = "--generated", paramLabel = "<label>=<uri>",
            description = "Required. One generated source, as <label>=<folder> or as <label>=parquet:<uri> for a "
                    + "table. Repeatable; a label given twice takes both.")
    List<String> generated = new ArrayList<>();

    @Option(names = "--model", paramLabel = "<file>",
            description = "Required. Model card (HOCON) of the feature model, e.g. conf/models/fmnist-cnn.conf.")
    String model;

    @Option(names = "--out", paramLabel = "<uri>",
            description = "Required. Output root; the scores, summary and rankings tables and reports/ go below it.")
    String out;

    @Option(names = "--run-id", paramLabel = "<id>",
            description = "Id of this run; rerunning an id replaces its rows. Letters, digits, '.', '_', '-'. "
                    + "Default: the start time and a random suffix, e.g. 20250102-153000-a1b2c3.")
    String runId;

    @Option(names = "--config", paramLabel = "<file>",
            description = "HOCON or .properties file of ascore.<key> settings (conf/ascore.conf has them all). "
                    + "Default: none.")
    Path configFile;

    @Option(names = "--device", paramLabel = "<device>",
            description = "cpu, gpu, gpu(<n>) or auto. Default: auto, the GPU Spark assigned to the task if any, "
                    + "else the CPU.")
    String device;

    @Option(names = "--batch-size", paramLabel = "<n>",
            description = "Images per scoring batch. Default: the model card's batch_size.")
    Integer batchSize;

    @Option(names = "--conf", paramLabel = "<key>=<value>",
            description = "A setting: ascore.<key>=<value> (or spark.ascore.<key>=<value>) for the job, any other "
                    + "spark.<key>=<value> for Spark. Repeatable.")
    List<String> conf = new ArrayList<>();

    @Option(names = "--master", paramLabel = "<url>",
            description = "Spark master when not started by spark-submit. Default: local[*].")
    String master;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SparkConf sparkConf = new SparkConf();
        JobConfig cfg;
        try {
            cfg = resolveConfig(sparkConf);
            // The card is a local file: a bad one stops the job here, before Spark takes seconds to start.
            ModelCard.load(Path.of(cfg.model()));
        } catch (ConfigException e) {
            return configError(err, e);
        }
        try (Sessions.Handle session = Sessions.open(sparkConf, master, "ascore score " + cfg.runId())) {
            RunResult result = new ScoreJob(session.spark(), cfg).run();
            printSummary(spec.commandLine().getOut(), cfg, result);
            return writeReport(session.spark(), cfg, err);
        } catch (ConfigException e) {
            return configError(err, e);
        } catch (RuntimeException e) {
            LOG.error("Run {} failed", cfg.runId(), e);
            err.println("ascore score: run " + cfg.runId() + " failed: " + e);
            err.flush();
            return Main.EXIT_FAILURE;
        }
    }

    /** The report comes after the results are committed: its failure leaves them valid, hence its own code. */
    private int writeReport(SparkSession spark, JobConfig cfg, PrintWriter err) {
        String report;
        try {
            report = new ReportWriter(spark, cfg.out()).write(cfg.runId(), null);
        } catch (RuntimeException e) {
            LOG.error("Report of run {} failed", cfg.runId(), e);
            err.println("ascore score: run " + cfg.runId() + " is written, but its report failed: " + e
                    + "; rebuild it with: ascore report --out " + cfg.out() + " --run-id " + cfg.runId());
            err.flush();
            return Main.EXIT_REPORT;
        }
        spec.commandLine().getOut().println("Report: " + report);
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }

    private static int configError(PrintWriter err, ConfigException e) {
        err.println("ascore score: invalid configuration: " + e.getMessage());
        err.flush();
        return Main.EXIT_CONFIG;
    }

    JobConfig resolveConfig(SparkConf sparkConf) {
        Map<String, Object> cli = new LinkedHashMap<>();
        for (String kv : conf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--conf", "expected KEY=VALUE, got '" + kv + "'");
            }
            String key = kv.substring(0, eq).trim();
            String value = kv.substring(eq + 1).trim();
            if (key.startsWith("spark.ascore.")) {
                cli.put(key.substring("spark.".length()), value);
            } else if (key.startsWith("ascore.")) {
                cli.put(key, value);
            } else if (key.startsWith("spark.")) {
                sparkConf.set(key, value);
            } else {
                throw new ConfigException(key, "--conf takes ascore.*, spark.ascore.* or spark.* keys");
            }
        }
        putList(cli, JobConfig.Key.REAL, real);
        putList(cli, JobConfig.Key.GENERATED, generated);
        put(cli, JobConfig.Key.MODEL, model);
        put(cli, JobConfig.Key.OUT, out);
        put(cli, JobConfig.Key.RUN_ID, runId);
        put(cli, JobConfig.Key.DEVICE, device);
        put(cli, JobConfig.Key.BATCH_SIZE, batchSize == null ? null : batchSize.toString());
        Map<String, String> fromSpark = new LinkedHashMap<>();
        for (scala.Tuple2<String, String> t : sparkConf.getAllWithPrefix("spark.ascore.")) {
            fromSpark.put("ascore." + t._1(), t._2());
        }
        return JobConfig.resolve(configFile, fromSpark, cli);
    }

    private static void put(Map<String, Object> cli, Param<?> key, String value) {
        if (value != null) {
            cli.put(key.key(), value);
        }
    }

    /** As a list, so that no item is split at its commas. */
    private static void putList(Map<String, Object> cli, Param<?> key, List<String> values) {
        if (!values.isEmpty()) {
            cli.put(key.key(), List.copyOf(values));
        }
    }

    static void printSummary(PrintWriter out, JobConfig cfg, RunResult result) {
        List<SourceSummary> summaries = result.summaries();
        out.printf(Locale.ROOT, "%nAnomaly Score, run %s: reference '%s' vs each generated source "
                + "(AS = 2D KS statistic D; lower = closer to real)%n", cfg.runId(), cfg.realLabel());
        if (!summaries.isEmpty()) {
            SourceSummary first = summaries.get(0);
            out.printf(Locale.ROOT, "real set: median C %s, median V %s%n", fmt(first.medianCReal(), "%.4f"),
                    fmt(first.medianVReal(), "%.4f"));
        }
        out.printf(Locale.ROOT, "%-20s %6s %6s %6s %8s %17s %10s %9s %9s %9s%n", "source", "n_real", "n_gen",
                "failed", "AS (D)", "AS 95 % interval", "p-value", "FD", "med C", "med V");
        for (SourceSummary s : summaries) {
            String interval = s.dCiLow() == null ? "-"
                    : "[" + fmt(s.dCiLow(), "%.3f") + ", " + fmt(s.dCiHigh(), "%.3f") + "]";
            out.printf(Locale.ROOT, "%-20s %6d %6d %6d %8s %17s %10s %9s %9s %9s%n", s.source(), s.nReal(),
                    s.nGenerated(), s.nFailed() + s.nRealFailed(), fmt(s.d(), "%.4f"), interval,
                    fmt(s.pValue(), "%.3g"), fmt(s.fd(), "%.4g"), fmt(s.medianCGenerated(), "%.4f"),
                    fmt(s.medianVGenerated(), "%.4f"));
        }
        comparisonLines(summaries, result.comparisons()).forEach(out::println);
        out.printf(Locale.ROOT, "%d files: %d scored by the model, %d reused from earlier runs%n", result.files(),
                result.inferred(), result.reused());
        if (result.skipped().total() > 0) {
            out.printf(Locale.ROOT, "Inputs: %s%n", result.skipped().describe());
        }
        result.warnings().forEach(w -> out.printf(Locale.ROOT, "Warning: %s%n", w));
        out.printf(Locale.ROOT, "Results: %s/{scores,summary,comparisons,rankings,runs} (run_id=%s)%n", cfg.out(),
                cfg.runId());
        out.flush();
    }

    /**
     * One line per neighbour in AS order, best first: whether the better source is closer to real
     * than the next one in most bootstrap replicates.
     */
    static List<String> comparisonLines(List<SourceSummary> summaries, List<SourceComparison> comparisons) {
        List<SourceSummary> ordered = summaries.stream().filter(s -> s.d() != null)
                .sorted(java.util.Comparator.comparingDouble(SourceSummary::d)).toList();
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < ordered.size(); i++) {
            String a = ordered.get(i).source();
            String b = ordered.get(i + 1).source();
            comparisons.stream().filter(c -> c.a().equals(a) && c.b().equals(b) && c.pACloser() != null).findFirst()
                    .ifPresent(c -> lines.add(String.format(Locale.ROOT,
                            "%s is closer to real than %s in %.1f %% of bootstrap replicates", a, b,
                            100 * c.pACloser())));
        }
        return lines;
    }

    private static String fmt(Double v, String pattern) {
        return v == null ? "null" : String.format(Locale.ROOT, pattern, v);
    }
}
