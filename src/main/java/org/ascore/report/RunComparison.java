package org.ascore.report;

import org.apache.spark.sql.SparkSession;
import org.ascore.config.ConfigException;
import org.ascore.report.RunReport.HistoryPoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's AS per generated source next to the same source's AS in the previous run (by run time) of
 * the same feature model, read through {@link RunReader} like the report. A source got worse when
 * it is farther from the real set (AS is a distance, so higher is worse) by more than chance: where
 * both runs have a bootstrap interval, when this run's interval lies wholly above the previous
 * run's; without intervals, when AS rose by more than a threshold.
 */
public final class RunComparison {
    /** One source: its AS now and in the previous run that had it (null when none). */
    public record Line(String featureModel, String source, Double asD, String previousRunId, Double previousAsD,
                       boolean worse) {
    }

    private RunComparison() {
    }

    /**
     * @param threshold how much higher AS must be than the previous run's to count as worse
     * @throws ConfigException when the run has no summary rows under {@code out}
     */
    public static List<Line> compare(SparkSession spark, String out, String runId, double threshold) {
        RunReader reader = new RunReader(spark, out, ReportOptions.defaults());
        List<String> models = reader.featureModels(runId);
        if (models.isEmpty()) {
            throw new ConfigException("run-id", "no summary rows of run " + runId + " under " + out);
        }
        List<Line> lines = new ArrayList<>();
        for (String model : models) {
            List<HistoryPoint> history = reader.history(model);
            Map<String, HistoryPoint> current = new LinkedHashMap<>();
            history.stream().filter(p -> p.runId().equals(runId)).forEach(p -> current.put(p.source(), p));
            for (HistoryPoint now : current.values()) {
                HistoryPoint previous = history.stream()
                        .filter(p -> p.source().equals(now.source()) && !p.runId().equals(runId) && p.asD() != null
                                && p.runTs().isBefore(now.runTs()))
                        .max(Comparator.comparing(HistoryPoint::runTs)).orElse(null);
                boolean worse = previous != null && now.asD() != null && worse(now, previous, threshold);
                lines.add(new Line(model, now.source(), now.asD(), previous == null ? null : previous.runId(),
                        previous == null ? null : previous.asD(), worse));
            }
        }
        return lines;
    }

    static boolean worse(HistoryPoint now, HistoryPoint previous, double threshold) {
        if (now.ciLow() != null && previous.ciHigh() != null) {
            return now.ciLow() > previous.ciHigh();
        }
        return now.asD() - previous.asD() > threshold;
    }
}
