package org.ascore.cli;

import org.apache.spark.SparkConf;
import org.ascore.config.ConfigException;
import org.ascore.report.ReportWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ascore report}: (re)builds the HTML report of a run from the result tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        header = "(Re)builds the HTML report of a run.",
        description = "%nWrites <out>/reports/<run-id>/index.html, a self-contained HTML page with the run's AS "
                + "table, CDF and scatter plots of C and V, the AS history of earlier runs and the extremes of the "
                + "AS-i ranking, then prints the page's URI. `ascore score` writes it too; this command rebuilds it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            Main.EXIT_OK + ":the page was written",
            Main.EXIT_FAILURE + ":reading the run or writing the page failed",
            Main.EXIT_CONFIG + ":bad argument: no such run or feature model under <out>"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ascore report --out /tmp/ascore-out --run-id demo",
            "  ascore report --out s3a://bucket/ascore --run-id nightly-20250102 --feature-model vit_s16 \\",
            "      --master spark://head:7077"})
public final class ReportCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ReportCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "<uri>", description = "Required. Output root of the runs.")
    String out;

    @Option(names = "--run-id", required = true, paramLabel = "<id>", description = "Required. The run to report.")
    String runId;

    @Option(names = "--feature-model", paramLabel = "<name>",
            description = "Only this feature model. Default: every feature model of the run.")
    String featureModel;

    @Option(names = "--master", paramLabel = "<url>",
            description = "Spark master when not started by spark-submit. Default: local[*].")
    String master;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (Sessions.Handle session = Sessions.open(new SparkConf(), master, "ascore report " + runId)) {
            String uri = new ReportWriter(session.spark(), out).write(runId, featureModel);
            spec.commandLine().getOut().println(uri);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            err.println("ascore report: " + e.getMessage());
            err.flush();
            return Main.EXIT_CONFIG;
        } catch (RuntimeException e) {
            LOG.error("Report of run {} failed", runId, e);
            err.println("ascore report: report of run " + runId + " failed: " + e);
            err.flush();
            return Main.EXIT_FAILURE;
        }
    }
}
