package org.ascore.pipeline;

/** AS of one generated source against the real reference (a row of the summary table). */
public record SourceSummary(String source, long nReal, long nGenerated, long nFailed, long nRealFailed, Double d,
                            Double pValue, Double medianCReal, Double medianVReal, Double medianCGenerated,
                            Double medianVGenerated, Double meanCReal, Double meanVReal, Double meanCGenerated,
                            Double meanVGenerated) {
}
