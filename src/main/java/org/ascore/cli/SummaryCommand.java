package org.ascore.cli;

import org.apache.spark.SparkConf;
import org.ascore.config.ConfigException;
import org.ascore.report.RunComparison;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ascore summary}: a run's AS per source, read back from the summary table, against the previous run. */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        header = "Prints a run's AS per source next to the previous run's.",
        description = "%nReads the run's rows back from <out>/summary (so it works wherever the job's driver ran) "
                + "and prints one line per feature model and generated source: AS now, AS in the previous run "
                + "of that source, and WORSE where this run's 95 %% bootstrap interval lies wholly above the previous "
                + "run's (or, where a run has no interval, where AS rose by more than --regression-threshold).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            Main.EXIT_OK + ":printed; no source got worse (or --fail-on-regression not given)",
            Main.EXIT_FAILURE + ":reading the tables failed",
            Main.EXIT_CONFIG + ":bad argument: no such run under <out>",
            SummaryCommand.EXIT_REGRESSION + ":--fail-on-regression and a source's AS got worse"},
        footerHeading = "%nExamples:%n",
        footer = {"  ascore summary --out s3a://bucket/ascore --run-id nightly-20250102 --fail-on-regression"})
public final class SummaryCommand implements Callable<Integer> {
    /** A source's AS rose beyond the threshold since its previous run. */
    public static final int EXIT_REGRESSION = 4;
    private static final Logger LOG = LoggerFactory.getLogger(SummaryCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "<uri>", description = "Required. Output root of the runs.")
    String out;

    @Option(names = "--run-id", required = true, paramLabel = "<id>", description = "Required. The run to print.")
    String runId;

    @Option(names = "--fail-on-regression", description = "Exit with code 4 when a source's AS got worse.")
    boolean failOnRegression;

    @Option(names = "--regression-threshold", paramLabel = "<d>", defaultValue = "0.02",
            description = "AS increase over the previous run that counts as worse when either run has no bootstrap "
                    + "interval. Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--master", paramLabel = "<url>",
            description = "Spark master when not started by spark-submit. Default: local[*].")
    String master;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        try (Sessions.Handle session = Sessions.open(new SparkConf(), master, "ascore summary " + runId)) {
            List<RunComparison.Line> lines = RunComparison.compare(session.spark(), out, runId, threshold);
            stdout.printf(Locale.ROOT, "%-16s %-24s %8s %8s  %s%n", "feature_model", "source", "AS", "previous",
                    "previous_run");
            for (RunComparison.Line l : lines) {
                stdout.printf(Locale.ROOT, "%-16s %-24s %8s %8s  %s%s%n", l.featureModel(), l.source(), fmt(l.asD()),
                        fmt(l.previousAsD()), l.previousRunId() == null ? "-" : l.previousRunId(),
                        l.worse() ? "  WORSE" : "");
            }
            stdout.flush();
            long worse = lines.stream().filter(RunComparison.Line::worse).count();
            if (worse > 0) {
                err.printf(Locale.ROOT, "ascore summary: %d source(s) of run %s got worse by more than %s AS%n", worse,
                        runId, threshold);
                err.flush();
            }
            return failOnRegression && worse > 0 ? EXIT_REGRESSION : Main.EXIT_OK;
        } catch (ConfigException e) {
            err.println("ascore summary: " + e.getMessage());
            err.flush();
            return Main.EXIT_CONFIG;
        } catch (RuntimeException e) {
            LOG.error("Summary of run {} failed", runId, e);
            err.println("ascore summary: summary of run " + runId + " failed: " + e);
            err.flush();
            return Main.EXIT_FAILURE;
        }
    }

    private static String fmt(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.4f", d);
    }
}
