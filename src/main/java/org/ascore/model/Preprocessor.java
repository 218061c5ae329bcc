package org.ascore.model;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Objects;

/**
 * Turns a decoded image into model input: {@code channels × crop × crop} floats in [0, 1], channel
 * by channel (CHW), rows in order within a channel. The steps follow the PIL/torchvision pipeline
 * that reference features are usually computed with ({@code convert("RGB")}, {@code Resize},
 * {@code CenterCrop}, {@code ToTensor}), so that the same file gives the same input here:
 *
 * <ol>
 *   <li>8-bit colour samples, alpha dropped. Alpha is not composited onto a background because
 *       PIL's {@code convert("RGB")} keeps the stored colour of transparent pixels; compositing
 *       would change every transparent PNG relative to the reference. Grey images keep their grey
 *       values exactly: Java2D's {@code getRGB} would push them through a linear-to-sRGB curve,
 *       which PIL does not. Samples wider than 8 bits keep their high byte ({@code v >> 8} for 16
 *       bits), which is how PIL reads 16-bit RGB PNGs; for 16-bit grey PIL clips everything above
 *       255 to white, a quirk deliberately not copied. Palette images use their palette colours;
 *       other colour spaces are converted to sRGB by Java2D.</li>
 *   <li>One channel: luma {@code L = R·299/1000 + G·587/1000 + B·114/1000} computed as Pillow's
 *       convert("L") does, in 16-bit fixed point with rounding, so grey stored as RGB stays exact.
 *       Three channels from a grey image: the grey plane is replicated.</li>
 *   <li>Resize so the shorter side is {@code resize}; the longer side is
 *       {@code floor(resize · long / short)}, as in torchvision. Bilinear with pixel centres
 *       aligned; when shrinking by more than 2× the image is first halved repeatedly (progressive
 *       bilinear, as in Thumbnailator), because a single bilinear step reads only 2×2 source pixels
 *       per output pixel and would alias. Results are rounded to whole levels, as an 8-bit resize
 *       is. An image already at the target size keeps its exact values.</li>
 *   <li>Centre crop at offsets {@code floor((size - crop) / 2)}.</li>
 *   <li>Divide by 255.</li>
 * </ol>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Preprocessor {

    private final int channels;
    private final int resize;
    private final int crop;

    public Preprocessor(int channels, int resize, int crop) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (crop < 1) {
            throw new IllegalArgumentException("crop must be positive, got " + crop);
        }
        if (resize < crop) {
            throw new IllegalArgumentException("resize (" + resize + ") must be at least crop (" + crop
                    + "): the crop is cut from an image whose shorter side is resize");
        }
        this.channels = channels;
        this.resize = resize;
        this.crop = crop;
    }

    public int channels() {
        return channels;
    }

    /** Side of the square output. */
    public int size() {
        return crop;
    }

    /** Number of floats {@link #toChw} returns. */
    public int length() {
        return channels * crop * crop;
    }

    public float[] toChw(BufferedImage img) {
        Objects.requireNonNull(img, "img");
        Plane[] planes = colourPlanes(img);
        if (channels == 1 && planes.length == 3) {
            planes = new Plane[] {luma(planes)};
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int targetW = w <= h ? resize : (int) ((long) resize * w / h);
        int targetH = w <= h ? (int) ((long) resize * h / w) : resize;
        int left = (targetW - crop) / 2;
        int top = (targetH - crop) / 2;
        int area = crop * crop;
        float[] out = new float[length()];
        for (int c = 0; c < planes.length; c++) {
            resizedWindow(planes[c], targetW, targetH, left, top, out, c * area);
        }
        for (int i = 0; i < planes.length * area; i++) {
            out[i] = Math.round(out[i]) / 255f;
        }
        for (int c = planes.length; c < channels; c++) {
            System.arraycopy(out, 0, out, c * area, area);
        }
        return out;
    }

    /** The image's colour as 8-bit planes: one when the image is grey, else red, green and blue. */
    private static Plane[] colourPlanes(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        int type = cm.getColorSpace().getType();
        int colours = cm.getNumColorComponents();
        int transfer = cm.getTransferType();
        // Raw samples are the stored values only for plain integer colour models; anything else
        // (palettes, premultiplied alpha, float samples, CMYK) goes through Java2D's sRGB conversion.
        boolean raw = !(cm instanceof IndexColorModel) && !cm.isAlphaPremultiplied()
                && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT
                        || transfer == DataBuffer.TYPE_INT);
        if (raw && type == ColorSpace.TYPE_GRAY && colours == 1) {
            return rawSamples(img, 1);
        }
        if (raw && type == ColorSpace.TYPE_RGB && colours == 3) {
            return rawSamples(img, 3);
        }
        return srgbSamples(img);
    }

    /** The first {@code bands} bands as stored, which for these colour models are the colours in order. */
    private static Plane[] rawSamples(BufferedImage img, int bands) {
        Raster raster = img.getRaster();
        Plane[] planes = new Plane[bands];
        for (int band = 0; band < bands; band++) {
            int bits = img.getColorModel().getComponentSize(band);
            // What the JDK's readers decode to (interleaved bytes, or a sub-image of them) is read
            // where it lies: copying it band by band through getSamples took a third of the time and
            // a second copy of the image.
            planes[band] = bits == 8 && raster.getDataBuffer() instanceof DataBufferByte buffer
                    && raster.getSampleModel() instanceof ComponentSampleModel layout
                    ? storedBand(raster, buffer, layout, band)
                    : Plane.of(raster.getWidth(), raster.getHeight(), samples(raster, band, bits));
        }
        return planes;
    }

    /** The band where {@link ComponentSampleModel} says its bytes are, without copying them. */
    private static Plane storedBand(Raster raster, DataBufferByte buffer, ComponentSampleModel layout, int band) {
        int bank = layout.getBankIndices()[band];
        // A sub-image shares its parent's buffer; the translation says where its pixel (0, 0) is.
        int origin = buffer.getOffsets()[bank]
                + layout.getOffset(-raster.getSampleModelTranslateX(), -raster.getSampleModelTranslateY(), band);
        return new Plane(raster.getWidth(), raster.getHeight(), buffer.getData(bank), origin,
                layout.getScanlineStride(), layout.getPixelStride(), null);
    }

    private static byte[] samples(Raster raster, int band, int bits) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] row = new int[w];
        byte[] values = new byte[w * h];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, band, row);
            for (int x = 0; x < w; x++) {
                values[y * w + x] = (byte) to8Bits(row[x], bits);
            }
        }
        return values;
    }

    private static int to8Bits(int sample, int bits) {
        if (bits >= 8) {
            return sample >>> (bits - 8);
        }
        int max = (1 << bits) - 1;
        return (sample * 255 + max / 2) / max;
    }

    private static Plane[] srgbSamples(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] r = new byte[w * h];
        byte[] g = new byte[w * h];
        byte[] b = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                r[i] = (byte) (row[x] >> 16);
                g[i] = (byte) (row[x] >> 8);
                b[i] = (byte) row[x];
            }
        }
        return new Plane[] {Plane.of(w, h, r), Plane.of(w, h, g), Plane.of(w, h, b)};
    }

    /** Pillow's L = R·299/1000 + G·587/1000 + B·114/1000 in 16-bit fixed point (weights sum to 2^16). */
    private static Plane luma(Plane[] rgb) {
        int w = rgb[0].width();
        int h = rgb[0].height();
        byte[] l = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                l[y * w + x] = (byte) ((rgb[0].sample(x, y) * 19595 + rgb[1].sample(x, y) * 38470
                        + rgb[2].sample(x, y) * 7471 + 0x8000) >> 16);
            }
        }
        return Plane.of(w, h, l);
    }

    /** Writes the crop window of {@code plane} resized to {@code w × h} at {@code offset} (0..255 scale). */
    private void resizedWindow(Plane plane, int w, int h, int left, int top, float[] out, int offset) {
        Plane p = plane;
        while (p.width() > 2 * w && p.height() > 2 * h) {
            int halfW = p.width() / 2;
            int halfH = p.height() / 2;
            float[] half = new float[halfW * halfH];
            bilinear(p, Taps.of(p.width(), halfW, 0, halfW), Taps.of(p.height(), halfH, 0, halfH), half, 0);
            p = Plane.of(halfW, halfH, half);
        }
        // Each output pixel depends on its own taps only, so the final step is computed for the crop
        // window alone. At the target size every weight is 0 and a + (b - a)·0 = a: values stay exact.
        bilinear(p, Taps.of(p.width(), w, left, crop), Taps.of(p.height(), h, top, crop), out, offset);
    }

    /**
     * Writes {@code xs.length × ys.length} values at {@code offset}. Separable: each needed source row
     * is interpolated along x once, then pairs of such rows along y. That is the same float expression
     * lerp(lerp(a, b, wx), lerp(c, d, wx), wy) per pixel as interpolating each pixel from its four
     * taps, so the values are identical, but a source row shared by consecutive output rows (whenever
     * the step is less than 2×) is interpolated only once.
     */
    private static void bilinear(Plane src, Taps xs, Taps ys, float[] out, int offset) {
        int n = xs.low().length;
        float[] upper = new float[n];
        float[] lower = new float[n];
        int upperRow = -1;
        int lowerRow = -1;
        for (int y = 0; y < ys.low().length; y++) {
            int y0 = ys.low()[y];
            int y1 = ys.high()[y];
            // Source rows only move down: a row already interpolated is the last upper or lower one.
            if (y0 == lowerRow) {
                float[] t = upper;
                upper = lower;
                lower = t;
                lowerRow = upperRow;
                upperRow = y0;
            }
            if (y0 != upperRow) {
                src.alongX(y0, xs, upper);
                upperRow = y0;
            }
            if (y1 != lowerRow) {
                src.alongX(y1, xs, lower);
                lowerRow = y1;
            }
            float wy = ys.weight()[y];
            for (int x = 0, i = offset + y * n; x < n; x++, i++) {
                out[i] = lerp(upper[x], lower[x], wy);
            }
        }
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    /**
     * The two source indices and the weight of the second for each output index along one axis.
     * Pixel centres are aligned (output centre i + ½ maps to source (i + ½)·scale), so halving
     * averages exact pixel pairs; positions beyond the edge are clamped to it.
     */
    private record Taps(int[] low, int[] high, float[] weight) {
        /** The taps of output indices {@code first .. first + count - 1}. */
        static Taps of(int srcLength, int dstLength, int first, int count) {
            Taps taps = new Taps(new int[count], new int[count], new float[count]);
            double scale = (double) srcLength / dstLength;
            for (int i = 0; i < count; i++) {
                double s = Math.min(Math.max((first + i + 0.5) * scale - 0.5, 0), srcLength - 1);
                taps.low[i] = (int) s;
                taps.high[i] = Math.min(taps.low[i] + 1, srcLength - 1);
                taps.weight[i] = (float) (s - taps.low[i]);
            }
            return taps;
        }
    }

    /**
     * One channel on the 0..255 scale: unsigned bytes as decoded (a quarter of the memory of floats,
     * which matters for large photos), floats once resampled, until the final rounding. Byte (x, y)
     * is at {@code origin + y·scanline + x·step}, so that a plane can be one band of the decoder's
     * interleaved buffer; floats are packed.
     */
    private record Plane(int width, int height, byte[] bytes, int origin, int scanline, int step, float[] floats) {
        /** Byte value v as the float v: looking it up took half the time of converting it. */
        private static final float[] LEVELS = new float[256];

        static {
            for (int v = 0; v < LEVELS.length; v++) {
                LEVELS[v] = v;
            }
        }

        static Plane of(int width, int height, byte[] bytes) {
            return new Plane(width, height, bytes, 0, width, 1, null);
        }

        static Plane of(int width, int height, float[] floats) {
            return new Plane(width, height, null, 0, width, 1, floats);
        }

        int sample(int x, int y) {
            return bytes[origin + y * scanline + x * step] & 0xFF;
        }

        /** Row {@code y} interpolated along x: the bytes/floats choice is made once per row, not per tap. */
        void alongX(int y, Taps xs, float[] out) {
            int start = origin + y * scanline;
            if (floats != null) {
                for (int x = 0; x < out.length; x++) {
                    out[x] = lerp(floats[start + xs.low()[x]], floats[start + xs.high()[x]], xs.weight()[x]);
                }
                return;
            }
            for (int x = 0; x < out.length; x++) {
                out[x] = lerp(LEVELS[bytes[start + xs.low()[x] * step] & 0xFF],
                        LEVELS[bytes[start + xs.high()[x] * step] & 0xFF], xs.weight()[x]);
            }
        }
    }
}
