package org.ascore.report;

import java.time.Instant;
import java.util.List;

/** Everything one report page shows, already reduced to what is drawn. No Spark types. */
public record RunReport(String runId, List<Section> sections) {

    /** The part of a run scored with one feature model. */
    public record Section(String featureModel, String reference, Instant runTs, String paramsId, String rankingOrder,
                          List<SummaryRow> summary, double[] levels, List<Distribution> distributions,
                          List<Cloud> clouds, List<SourceThumbnails> thumbnails, List<HistoryPoint> history,
                          List<Comparison> comparisons, RunInfo info, Failures failures) {
    }

    /**
     * How the run was made, from its commit record and summary rows; fields are null for runs
     * committed before they were recorded.
     */
    public record RunInfo(String params, String inputs, String modelSha256, String ascoreVersion, String engine,
                          String device, Integer batchSize, String precision) {
    }

    /** The first failed images (status other than ok) of a run, and how many failed in all. */
    public record Failures(long total, List<Failure> shown) {
    }

    /** One image that was not scored, with its status code and error message. */
    public record Failure(String split, String source, String path, String status, String error) {
    }

    /** A row of the comparisons table: A against B; {@code pACloser} null without bootstrap. */
    public record Comparison(String sourceA, String sourceB, double diff, Double pACloser) {
    }

    /** One row of the summary table. */
    public record SummaryRow(String source, long nReal, long nGenerated, long nFailed, long nRealFailed, Double asD,
                             Double pValue, Double medianCReal, Double medianCGenerated, Double medianVReal,
                             Double medianVGenerated, Double asDCiLow, Double asDCiHigh, Double fd) {
    }

    /** Quantiles of C and V at {@link Section#levels()} of one set; {@code n} ok images. */
    public record Distribution(String split, String source, long n, double[] complexity, double[] vulnerability) {
    }

    /**
     * A deterministic subsample of one set's (C, V) points, the path of each, and the picture its
     * hover shows (null where there is none).
     */
    public record Cloud(String split, String source, double[] complexity, double[] vulnerability, String[] paths,
                        Image[] pictures) {
    }

    /** One ranked generated image. */
    public record Thumbnail(int rank, String path, Double asI, Double refPct, Double refDev, Image image) {
    }

    /** An embedded picture: a data: URI and its pixel size; null in a thumbnail whose file could not be read. */
    public record Image(String dataUri, int width, int height) {
    }

    /** Both ends of one source's ranking ({@code ranked} images in all). */
    public record SourceThumbnails(String source, long ranked, List<Thumbnail> top, List<Thumbnail> bottom,
                                   Tie topTie, Tie bottomTie) {
    }

    /**
     * More images share the ranking value ({@code asi_ref_dev} or {@code as_i}) of the last
     * thumbnail shown at one end than are shown: {@code count} images in all, {@code shown} of them
     * picked by the ranking's second key. Null where the end has no such tie.
     */
    public record Tie(long count, double value, int shown) {
    }

    /** AS of one source in one run of the same feature model, with its 95 % interval where the run has one. */
    public record HistoryPoint(String source, String runId, Instant runTs, Double asD, Double ciLow, Double ciHigh) {
    }
}
