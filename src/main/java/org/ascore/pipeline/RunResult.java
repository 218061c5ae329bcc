package org.ascore.pipeline;

import org.ascore.io.SkippedFiles;

import java.util.List;

/**
 * What a score run did.
 *
 * @param files    input files, each with one row in scores
 * @param reused   rows copied from earlier runs (same image, model and parameters)
 * @param inferred images sent through the model (reused and unreadable ones are not)
 * @param skipped  files under the input roots that were not inputs (glob, hidden)
 * @param comparisons every ordered pair of generated sources, from the comparisons table
 * @param warnings what the user should know about the run's inputs, e.g. images far from the model's size
 */
public record RunResult(String runId, List<SourceSummary> summaries, long files, long reused, long inferred,
                        SkippedFiles skipped, List<SourceComparison> comparisons, List<String> warnings) {
}
