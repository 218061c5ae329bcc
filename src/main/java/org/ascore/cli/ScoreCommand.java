package org.ascore.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;
import org.ascore.pipeline.RunResult;
import org.ascore.report.ReportWriter;
import org.ascore.pipeline.ScoreJob;
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
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score real and generated images with a feature model, then compute AS per generated "
                + "source and the AS-i ranking. Every option also reads from spark.ascore.<key> in the Spark conf.")
public final class ScoreCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--real", paramLabel = "URI", split = ",",
            description = "real image folder (any Hadoop URI) or parquet:URI table; repeatable")
    List<String> real = new ArrayList<>();

    @Option(names = "--generated", paramLabel = "LABEL=URI",
            description = "generated images of one model, as label=folder or label=parquet:URI; repeatable")
    List<String> generated = new ArrayList<>();

    @Option(names = "--model", paramLabel = "CARD", description = "model card file, e.g. conf/models/fmnist-cnn.conf")
    String model;

    @Option(names = "--out", paramLabel = "URI", description = "output root")
    String out;

    @Option(names = "--run-id", paramLabel = "ID", description = "run id; rerunning an id replaces its rows")
    String runId;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON or .properties file of ascore.* keys")
    Path configFile;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not started by spark-submit (default local[*])")
    String master;

    @Option(names = "--device", description = "cpu, gpu, gpu(N) or auto")
    String device;

    @Option(names = "--batch-size", description = "images per scoring batch (default: the model card's)")
    Integer batchSize;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "ascore.<key>=value or spark.ascore.<key>=value, or any other spark.* setting; repeatable")
    List<String> conf = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SparkConf sparkConf = new SparkConf();
        JobConfig cfg;
        try {
            cfg = resolveConfig(sparkConf);
        } catch (ConfigException e) {
            err.println("ascore score: invalid configuration: " + e.getMessage());
            err.flush();
            return Main.EXIT_CONFIG;
        }
        try (Sessions.Handle session = Sessions.open(sparkConf, master, "ascore score " + cfg.runId())) {
            SparkSession spark = session.spark();
            RunResult result = new ScoreJob(spark, cfg).run();
            printSummary(spec.commandLine().getOut(), cfg, result);
            String report = new ReportWriter(spark, cfg.out()).write(cfg.runId(), null);
            spec.commandLine().getOut().println("Report: " + report);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            err.println("ascore score: invalid configuration: " + e.getMessage());
            err.flush();
            return Main.EXIT_CONFIG;
        } catch (RuntimeException e) {
            LOG.error("Run {} failed", cfg.runId(), e);
            err.println("ascore score: run " + cfg.runId() + " failed: " + e);
            err.flush();
            return Main.EXIT_FAILURE;
        }
    }

    JobConfig resolveConfig(SparkConf sparkConf) {
        Map<String, String> cli = new LinkedHashMap<>();
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

    private static void put(Map<String, String> cli, JobConfig.Key key, String value) {
        if (value != null) {
            cli.put(key.key(), value);
        }
    }

    private static void putList(Map<String, String> cli, JobConfig.Key key, List<String> values) {
        if (!values.isEmpty()) {
            cli.put(key.key(), String.join(",", values));
        }
    }

    static void printSummary(PrintWriter out, JobConfig cfg, RunResult result) {
        List<SourceSummary> summaries = result.summaries();
        out.printf(Locale.ROOT, "%nAnomaly Score, run %s: reference '%s' vs each generated source "
                + "(AS = 2D KS statistic D; lower = closer to real)%n", cfg.runId(), cfg.realLabel());
        out.printf(Locale.ROOT, "%-20s %7s %7s %7s %9s %11s %10s %10s %10s %10s%n", "source", "n_real", "n_gen",
                "failed", "AS (D)", "p-value", "med C real", "med C gen", "med V real", "med V gen");
        for (SourceSummary s : summaries) {
            out.printf(Locale.ROOT, "%-20s %7d %7d %7d %9s %11s %10s %10s %10s %10s%n", s.source(), s.nReal(),
                    s.nGenerated(), s.nFailed() + s.nRealFailed(), fmt(s.d(), "%.4f"), fmt(s.pValue(), "%.3g"),
                    fmt(s.medianCReal(), "%.4f"), fmt(s.medianCGenerated(), "%.4f"), fmt(s.medianVReal(), "%.4f"),
                    fmt(s.medianVGenerated(), "%.4f"));
        }
        for (SourceSummary s : summaries) {
            if (s.dCiLow() != null || s.fd() != null) {
                out.printf(Locale.ROOT, "%-20s AS 95 %% interval [%s, %s] (%d bootstrap replicates), FD %s%n", s.source(),
                        fmt(s.dCiLow(), "%.4f"), fmt(s.dCiHigh(), "%.4f"), s.bootstrapReplicates(), fmt(s.fd(), "%.4g"));
            }
        }
        out.printf(Locale.ROOT, "%d files: %d scored by the model, %d reused from earlier runs%n", result.files(),
                result.inferred(), result.reused());
        out.printf(Locale.ROOT, "Results: %s/{scores,summary,comparisons,rankings} (run_id=%s)%n", cfg.out(), cfg.runId());
        out.flush();
    }

    private static String fmt(Double v, String pattern) {
        return v == null ? "null" : String.format(Locale.ROOT, pattern, v);
    }
}
