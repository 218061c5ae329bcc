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
        int rows = ys.start()[size - 1] + ys.taps()[size - 1] - firstRow;
        int[] horizontal = new int[rows * size];
        for (int r = 0; r < rows; r++) {
            alongRow(src, firstRow + r, xs, horizontal, r * size);
        }
        int[] sums = new int[size];
        for (int y = 0; y < size; y++) {
            Arrays.fill(sums, HALF);
            int row = (ys.start()[y] - firstRow) * size;
            for (int t = 0, k = y * ys.ksize(); t < ys.taps()[y]; t++, k++, row += size) {
                int weight = ys.weights()[k];
                for (int x = 0; x < size; x++) {
                    sums[x] += horizontal[row + x] * weight;
                }
            }
            for (int x = 0, i = offset + y * size; x < size; x++, i++) {
                out[i] = UNIT[clip8(sums[x])];
            }
        }
    }

    /** The horizontal pass of source row {@code y} for the window's columns, as 8-bit levels. */
    private static void alongRow(Plane src, int y, Coefficients xs, int[] out, int at) {
        byte[] bytes = src.bytes();
        int step = src.step();
        int rowStart = src.origin() + y * src.scanline();
        for (int x = 0; x < xs.start().length; x++) {
            int sum = HALF;
            int i = rowStart + xs.start()[x] * step;
            for (int t = 0, k = x * xs.ksize(); t < xs.taps()[x]; t++, k++, i += step) {
                sum += (bytes[i] & 0xFF) * xs.weights()[k];
            }
            out[at + x] = clip8(sum);
        }
    }

    private static int clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /**
     * For each output index of a window along one axis: the first source index it reads, how many it
     * reads, and their fixed-point weights ({@code ksize} slots per output index).
     */
    record Coefficients(int[] start, int[] taps, int[] weights, int ksize) {

        /** Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}, for outputs first..first+count-1. */
        static Coefficients of(int inSize, int outSize, int first, int count) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the bilinear filter's support is 1
            int ksize = (int) Math.ceil(support) * 2 + 1;
            double inverseScale = 1.0 / filterScale;
            Coefficients c = new Coefficients(new int[count], new int[count], new int[count * ksize], ksize);
            double[] k = new double[ksize];
            for (int i = 0; i < count; i++) {
                double center = (first + i + 0.5) * scale;
                // (int) truncates toward zero like C's cast; the clamps come after, as in Pillow.
                int min = Math.max((int) (center - support + 0.5), 0);
                int taps = Math.min((int) (center + support + 0.5), inSize) - min;
                double total = 0.0;
                for (int t = 0; t < taps; t++) {
                    k[t] = triangle((t + min - center + 0.5) * inverseScale);
                    total += k[t];
                }
                for (int t = 0; t < taps; t++) {
                    double w = total != 0.0 ? k[t] / total : k[t];
                    c.weights[i * ksize + t] = (int) (w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE);
                }
                c.start[i] = min;
                c.taps[i] = taps;
            }
            return c;
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    }
}
