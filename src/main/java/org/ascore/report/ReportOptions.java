package org.ascore.report;

/**
 * Limits that keep a report page small whatever the size of the run.
 *
 * @param thumbnailsPerEnd  generated images shown from each end of each source's ranking
 * @param thumbnailSources  sources that get thumbnails (the first ones by AS); the rest get none
 * @param thumbnailSide     longest side, in pixels, of an embedded thumbnail (larger images are scaled down)
 * @param maxImageBytes     image files larger than this are not read for thumbnails
 * @param maxImagePixels    images with more pixels are not decoded for thumbnails
 * @param scatterPoints     most (C, V) points drawn per source in a scatter plot
 * @param cdfLevels         probability levels at which each empirical CDF is drawn
 * @param hoverThumbnails   scatter points per generated source (of the thumbnailSources) whose hover
 *                          shows a picture of the image; the others show their path and (C, V) only
 * @param hoverSide         longest side, in pixels, of the picture in a scatter point's hover
 */
public record ReportOptions(int thumbnailsPerEnd, int thumbnailSources, int thumbnailSide, long maxImageBytes,
                            long maxImagePixels, int scatterPoints, int cdfLevels, int hoverThumbnails,
                            int hoverSide) {
    public ReportOptions {
        if (thumbnailsPerEnd < 0 || thumbnailSources < 0 || thumbnailSide < 8 || maxImageBytes < 1
                || maxImagePixels < 1 || scatterPoints < 1 || cdfLevels < 2 || hoverThumbnails < 0 || hoverSide < 8) {
            throw new IllegalArgumentException("invalid report options " + this);
        }
    }

    public static ReportOptions defaults() {
        return new ReportOptions(12, 20, 96, 32L << 20, 50_000_000L, 2000, 401, 100, 48);
    }

    /** The CDF probability levels 0, 1/(n−1), ..., 1. */
    public double[] levels() {
        double[] p = new double[cdfLevels];
        for (int i = 0; i < cdfLevels; i++) {
            p[i] = (double) i / (cdfLevels - 1);
        }
        return p;
    }
}
