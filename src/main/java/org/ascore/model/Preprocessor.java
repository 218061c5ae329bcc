package org.ascore.model;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
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
 *       is. An image already at the target size is not resampled at all, so its values are exact.</li>
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
            Plane resized = resize(planes[c], targetW, targetH);
            for (int y = 0; y < crop; y++) {
                for (int x = 0; x < crop; x++) {
                    out[c * area + y * crop + x] = Math.round(resized.at(left + x, top + y)) / 255f;
                }
            }
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
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        Plane[] planes = new Plane[bands];
        for (int band = 0; band < bands; band++) {
            int bits = img.getColorModel().getComponentSize(band);
            byte[] values = new byte[w * h];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, band, row);
                for (int x = 0; x < w; x++) {
                    values[y * w + x] = (byte) to8Bits(row[x], bits);
                }
            }
            planes[band] = Plane.of(w, h, values);
        }
        return planes;
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
        byte[] r = rgb[0].bytes();
        byte[] g = rgb[1].bytes();
        byte[] b = rgb[2].bytes();
        byte[] l = new byte[r.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (byte) (((r[i] & 0xFF) * 19595 + (g[i] & 0xFF) * 38470 + (b[i] & 0xFF) * 7471 + 0x8000) >> 16);
        }
        return Plane.of(rgb[0].width(), rgb[0].height(), l);
    }

    private static Plane resize(Plane plane, int w, int h) {
        if (plane.width() == w && plane.height() == h) {
            return plane;
        }
        Plane p = plane;
        while (p.width() > 2 * w && p.height() > 2 * h) {
            p = bilinear(p, p.width() / 2, p.height() / 2);
        }
        return bilinear(p, w, h);
    }

    private static Plane bilinear(Plane src, int w, int h) {
        Taps xs = Taps.of(src.width(), w);
        Taps ys = Taps.of(src.height(), h);
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = ys.low[y];
            int y1 = ys.high[y];
            for (int x = 0; x < w; x++) {
                float upper = lerp(src.at(xs.low[x], y0), src.at(xs.high[x], y0), xs.weight[x]);
                float lower = lerp(src.at(xs.low[x], y1), src.at(xs.high[x], y1), xs.weight[x]);
                out[y * w + x] = lerp(upper, lower, ys.weight[y]);
            }
        }
        return new Plane(w, h, null, out);
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
        static Taps of(int srcLength, int dstLength) {
            Taps taps = new Taps(new int[dstLength], new int[dstLength], new float[dstLength]);
            double scale = (double) srcLength / dstLength;
            for (int i = 0; i < dstLength; i++) {
                double s = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), srcLength - 1);
                taps.low[i] = (int) s;
                taps.high[i] = Math.min(taps.low[i] + 1, srcLength - 1);
                taps.weight[i] = (float) (s - taps.low[i]);
            }
            return taps;
        }
    }

    /**
     * One channel on the 0..255 scale: unsigned bytes as decoded (a quarter of the memory of floats,
     * which matters for large photos), floats once resampled, until the final rounding.
     */
    private record Plane(int width, int height, byte[] bytes, float[] floats) {
        static Plane of(int width, int height, byte[] bytes) {
            return new Plane(width, height, bytes, null);
        }

        float at(int x, int y) {
            int i = y * width + x;
            return bytes != null ? bytes[i] & 0xFF : floats[i];
        }
    }
}
