package org.ascore.pipeline;

/**
 * AS of one generated source against the real reference (a row of the summary table).
 *
 * @param dCiLow              lower end of the bootstrap interval of D; null without replicates
 * @param bootstrapReplicates replicates behind the interval (0 when off or D is undefined)
 * @param fd                  Fréchet distance of the backbone features; null without features
 */
public record SourceSummary(String source, long nReal, long nGenerated, long nFailed, long nRealFailed, Double d,
                            Double pValue, Double medianCReal, Double medianVReal, Double medianCGenerated,
                            Double medianVGenerated, Double meanCReal, Double meanVReal, Double meanCGenerated,
                            Double meanVGenerated, Double dCiLow, Double dCiHigh, int bootstrapReplicates,
                            Double fd) {
}
