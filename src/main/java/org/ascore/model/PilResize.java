package org.ascore.model;

import java.util.Arrays;

/**
 * Pillow's bilinear resize of an 8-bit plane ({@code Image.resize(size, Image.BILINEAR)}, which is
 * {@code ImagingResample} in libImaging/Resample.c), computed for a square window of the output
 * only. Reproduced step for step, so that the values are Pillow's exactly, not within a level:
 *
 * <ul>
 *   <li>a separable convolution, horizontal pass first, then vertical;</li>
 *   <li>the triangle filter's support widened by the downscale factor (that is Pillow's antialiasing:
 *       every source pixel under the output pixel counts), coefficients computed in double with
 *       Pillow's bounds rounding and normalised to sum 1;</li>
 *   <li>coefficients then turned into integers with 22 fraction bits ({@code PRECISION_BITS}),
 *       each pass summing integer products from ½ (rounding) and shifting back;</li>
 *   <li>the horizontal result stored as 8-bit, clipped to 0..255, before the vertical pass reads it.</li>
 * </ul>
 *
 * <p>Each output pixel depends only on its own coefficients, and each horizontal result only on its
 * source row, so computing the window (and the source rows its coefficients reach) gives the same
 * values as resizing the whole image and cropping.
 */
final class PilResize {

    /** Fraction bits of the fixed-point coefficients: Pillow's {@code PRECISION_BITS = 32 - 8 - 2}. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final double ONE = 1 << PRECISION_BITS;

    /** Level v as the float {@code v / 255f}, what torchvision's ToTensor makes of a uint8. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < UNIT.length; v++) {
            UNIT[v] = v / 255f;
        }
    }

    private PilResize() {
    }

    /**
     * Writes the {@code size × size} window at ({@code left}, {@code top}) of {@code src} resized to
     * {@code width × height}, as levels divided by 255, row by row from {@code offset}.
     */
    static void window(Plane src, int width, int height, int left, int top, int size, float[] out, int offset) {
        Coefficients xs = Coefficients.of(src.width(), width, left, size);
        Coefficients ys = Coefficients.of(src.height(), height, top, size);
        int firstRow = ys.start()[0];
        int rows = ys.start()[size - 1] + ys.taps() - firstRow;
        int firstColumn = xs.start()[0];
        int[] row = new int[xs.start()[size - 1] + xs.taps() - firstColumn];
        int[] horizontal = new int[rows * size];
        for (int r = 0; r < rows; r++) {
            src.row(firstRow + r, firstColumn, row);
            alongRow(row, firstColumn, xs, horizontal, r * size);
        }
        int[] sums = new int[size];
        for (int y = 0; y < size; y++) {
            Arrays.fill(sums, HALF);
            int at = (ys.start()[y] - firstRow) * size;
            for (int t = 0, k = y * ys.taps(); t < ys.taps(); t++, k++, at += size) {
                int weight = ys.weights()[k];
                for (int x = 0; x < size; x++) {
                    sums[x] += horizontal[at + x] * weight;
                }
            }
            for (int x = 0, i = offset + y * size; x < size; x++, i++) {
                out[i] = UNIT[clip8(sums[x])];
            }
        }
    }

    /** The horizontal pass of one source row (its columns from {@code firstColumn}) for the window's columns. */
    private static void alongRow(int[] row, int firstColumn, Coefficients xs, int[] out, int at) {
        int taps = xs.taps();
        int[] weights = xs.weights();
        for (int x = 0; x < xs.start().length; x++) {
            int sum = HALF;
            int i = xs.start()[x] - firstColumn;
            for (int t = 0, k = x * taps; t < taps; t++, k++, i++) {
                sum += row[i] * weights[k];
            }
            out[at + x] = clip8(sum);
        }
    }

    private static int clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /**
     * For each output index of a window along one axis: the first source index it reads and the
     * fixed-point weights of the {@code taps} source indices from there. Every index reads the same
     * number of taps, the most any of them needs, padded with zero weights (which add nothing), so
     * that the inner loops have a fixed length.
     */
    record Coefficients(int[] start, int[] weights, int taps) {

        /** Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}, for outputs first..first+count-1. */
        static Coefficients of(int inSize, int outSize, int first, int count) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the bilinear filter's support is 1
            int ksize = (int) Math.ceil(support) * 2 + 1;
            double inverseScale = 1.0 / filterScale;
            int[] mins = new int[count];
            int[] counts = new int[count];
            double[] k = new double[count * ksize];
            int taps = 0;
            for (int i = 0; i < count; i++) {
                double center = (first + i + 0.5) * scale;
                // (int) truncates toward zero like C's cast; the clamps come after, as in Pillow.
                int min = Math.max((int) (center - support + 0.5), 0);
                int n = Math.min((int) (center + support + 0.5), inSize) - min;
                double total = 0.0;
                for (int t = 0; t < n; t++) {
                    double w = triangle((t + min - center + 0.5) * inverseScale);
                    k[i * ksize + t] = w;
                    total += w;
                }
                for (int t = 0; t < n; t++) {
                    k[i * ksize + t] = total != 0.0 ? k[i * ksize + t] / total : k[i * ksize + t];
                }
                mins[i] = min;
                counts[i] = n;
                taps = Math.max(taps, n);
            }
            Coefficients c = new Coefficients(new int[count], new int[count * taps], taps);
            for (int i = 0; i < count; i++) {
                // Near the far edge the padded taps start earlier; the weights move right to match.
                int start = Math.min(mins[i], inSize - taps);
                for (int t = 0; t < counts[i]; t++) {
                    double w = k[i * ksize + t];
                    c.weights[i * taps + mins[i] - start + t] = (int) (w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE);
                }
                c.start[i] = start;
            }
            return c;
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    }
}
