package org.ascore.model;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded image as the 8-bit planes that Pillow's {@code convert("L")} or {@code convert("RGB")}
 * gives for the same file (libImaging/Convert.c and the PNG/JPEG plugins' raw modes):
 *
 * <ul>
 *   <li>Stored samples, never colour-managed: Pillow ignores ICC profiles and gamma, so grey stays
 *       grey (Java2D's {@code getRGB} would push it through a linear-to-sRGB curve) and an embedded
 *       profile changes nothing.</li>
 *   <li>Alpha dropped, not composited: {@code convert("RGB")} keeps the stored colour of
 *       transparent pixels.</li>
 *   <li>Palette images: the palette colours, transparency ignored ({@code p2rgb}).</li>
 *   <li>16-bit colour (and grey with alpha): the high byte, as Pillow's {@code RGB;16B} unpacker.
 *       16-bit grey without alpha is Pillow's mode {@code I;16}, whose conversion clips: every
 *       value above 255 becomes 255 ({@code I16_RGB}, {@code I16L_L}). Copied on purpose, because
 *       equality with the reference matters more here than a sensible picture.</li>
 *   <li>Fewer than 8 bits: scaled to 0..255 (Pillow's {@code L;2}, {@code L;4} unpackers).</li>
 *   <li>CMYK: Pillow's naive {@code cmyk2rgb}, {@code R = (255 - K) - (255 - K)·C/255} with its
 *       rounding, on the samples as stored (not inverted: a decoder must hand over ink amounts).</li>
 *   <li>Grey as requested: {@code L = (R·19595 + G·38470 + B·7471 + 2^15) >> 16}, Pillow's
 *       fixed-point form of R·299/1000 + G·587/1000 + B·114/1000 ({@code rgb2l}, {@code p2l}).</li>
 * </ul>
 *
 * Colour models outside these (premultiplied alpha, float samples, other colour spaces) go through
 * Java2D's conversion to sRGB, which no Pillow path matches; the JDK's decoders do not produce them.
 */
final class PilColour {

    private PilColour() {
    }

    /**
     * The image's planes for a model with {@code channels} channels: one (grey) when the model is
     * grey or the image is grey, else red, green and blue.
     */
    static Plane[] planes(BufferedImage img, int channels) {
        Plane[] planes = colourPlanes(img);
        return channels == 1 && planes.length == 3 ? new Plane[] {luma(planes)} : planes;
    }

    private static Plane[] colourPlanes(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel palette) {
            return paletteColours(img.getRaster(), palette);
        }
        int type = cm.getColorSpace().getType();
        int colours = cm.getNumColorComponents();
        int transfer = cm.getTransferType();
        boolean raw = !cm.isAlphaPremultiplied() && (transfer == DataBuffer.TYPE_BYTE
                || transfer == DataBuffer.TYPE_USHORT || transfer == DataBuffer.TYPE_INT);
        if (raw && type == ColorSpace.TYPE_GRAY && colours == 1) {
            return rawSamples(img, 1);
        }
        if (raw && type == ColorSpace.TYPE_RGB && colours == 3) {
            return rawSamples(img, 3);
        }
        if (raw && type == ColorSpace.TYPE_CMYK && colours == 4) {
            return cmykToRgb(rawSamples(img, 4));
        }
        return srgbSamples(img);
    }

    /** The first {@code bands} bands as stored, which for these colour models are the colours in order. */
    private static Plane[] rawSamples(BufferedImage img, int bands) {
        Raster raster = img.getRaster();
        ColorModel cm = img.getColorModel();
        // 16-bit grey alone is Pillow's I;16 (clipped); with alpha it is LA;16B (high byte).
        boolean clip = bands == 1 && !cm.hasAlpha();
        Plane[] planes = new Plane[bands];
        for (int band = 0; band < bands; band++) {
            int bits = cm.getComponentSize(band);
            // What the JDK's readers decode to (interleaved bytes, or a sub-image of them) is read
            // where it lies: copying it band by band through getSamples would cost a third of the
            // time and a second copy of the image.
            planes[band] = bits == 8 && raster.getDataBuffer() instanceof DataBufferByte buffer
                    && raster.getSampleModel() instanceof ComponentSampleModel layout
                    ? storedBand(raster, buffer, layout, band)
                    : Plane.packed(raster.getWidth(), raster.getHeight(), samples(raster, band, bits, clip));
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
                layout.getScanlineStride(), layout.getPixelStride());
    }

    private static byte[] samples(Raster raster, int band, int bits, boolean clip) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] row = new int[w];
        byte[] values = new byte[w * h];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, band, row);
            for (int x = 0; x < w; x++) {
                values[y * w + x] = (byte) to8Bits(row[x], bits, clip);
            }
        }
        return values;
    }

    private static int to8Bits(int sample, int bits, boolean clip) {
        if (bits > 8 && clip) {
            return Math.min(sample, 255);
        }
        if (bits >= 8) {
            return sample >>> (bits - 8);
        }
        int max = (1 << bits) - 1;
        return (sample * 255 + max / 2) / max;
    }

    /** Each index looked up in the palette: the stored colours, whatever their alpha. */
    private static Plane[] paletteColours(Raster raster, IndexColorModel palette) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] r = new byte[w * h];
        byte[] g = new byte[w * h];
        byte[] b = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                r[i] = (byte) palette.getRed(row[x]);
                g[i] = (byte) palette.getGreen(row[x]);
                b[i] = (byte) palette.getBlue(row[x]);
            }
        }
        return new Plane[] {Plane.packed(w, h, r), Plane.packed(w, h, g), Plane.packed(w, h, b)};
    }

    /** Pillow's {@code cmyk2rgb}: {@code clip8(nk - MULDIV255(c, nk))} with {@code nk = 255 - k}. */
    private static Plane[] cmykToRgb(Plane[] cmyk) {
        int w = cmyk[0].width();
        int h = cmyk[0].height();
        Plane[] rgb = new Plane[3];
        for (int c = 0; c < 3; c++) {
            byte[] out = new byte[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int nk = 255 - cmyk[3].sample(x, y);
                    int t = cmyk[c].sample(x, y) * nk + 128;
                    out[y * w + x] = (byte) Math.max(0, Math.min(255, nk - (((t >> 8) + t) >> 8)));
                }
            }
            rgb[c] = Plane.packed(w, h, out);
        }
        return rgb;
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
        return new Plane[] {Plane.packed(w, h, r), Plane.packed(w, h, g), Plane.packed(w, h, b)};
    }

    /** Pillow's {@code L24(rgb) >> 16}: R·299/1000 + G·587/1000 + B·114/1000 in 16-bit fixed point, rounded. */
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
        return Plane.packed(w, h, l);
    }
}
