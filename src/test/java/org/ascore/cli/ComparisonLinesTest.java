package org.ascore.cli;

import org.ascore.pipeline.SourceComparison;
import org.ascore.pipeline.SourceSummary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ComparisonLinesTest {
    private static SourceSummary source(String name, double d) {
        return new SourceSummary(name, 10, 10, 0, 0, d, 0.5, null, null, null, null, null, null, null, null,
                d - 0.1, d + 0.1, 100, null);
    }

    @Test
    void neighboursInAsOrderBestFirst() {
        List<SourceSummary> summaries = List.of(source("pca-4", 0.7), source("pca-64", 0.4), source("pca-16", 0.5));
        List<SourceComparison> comparisons = List.of(
                new SourceComparison("pca-64", "pca-16", -0.1, 0.998),
                new SourceComparison("pca-16", "pca-64", 0.1, 0.002),
                new SourceComparison("pca-16", "pca-4", -0.2, 1.0),
                new SourceComparison("pca-64", "pca-4", -0.3, 1.0));
        assertEquals(List.of("pca-64 is closer to real than pca-16 in 99.8 % of bootstrap replicates",
                        "pca-16 is closer to real than pca-4 in 100.0 % of bootstrap replicates"),
                ScoreCommand.comparisonLines(summaries, comparisons));
    }

    @Test
    void nothingWithoutReplicates() {
        List<SourceSummary> summaries = List.of(source("a", 0.2), source("b", 0.3));
        assertEquals(List.of(), ScoreCommand.comparisonLines(summaries,
                List.of(new SourceComparison("a", "b", -0.1, null))));
    }
}
