package org.ascore.pipeline;

/**
 * One row of the comparisons table: how generated source {@code a} compares with {@code b}.
 *
 * @param diff     AS of a minus AS of b
 * @param pACloser share of bootstrap replicates in which a's AS is below b's; null without replicates
 */
public record SourceComparison(String a, String b, double diff, Double pACloser) {
}
