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
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write <out>/reports/<run-id>/index.html, a self-contained HTML page with the run's AS "
                + "table, CDF and scatter plots of C and V, AS history and the extremes of the AS-i ranking; "
                + "prints the page's URI.")
public final class ReportCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ReportCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "URI", description = "output root of the runs")
    String out;

    @Option(names = "--run-id", required = true, paramLabel = "ID", description = "the run to report")
    String runId;

    @Option(names = "--feature-model", paramLabel = "NAME",
            description = "only this feature model (default: every feature model of the run)")
    String featureModel;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not started by spark-submit (default local[*])")
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
