package org.ascore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PreprocessorTest {

    /**
     * Byte layouts without a BufferedImage type of their own: RGB in band order (as the TIFF reader
     * gives it), here in a buffer whose data starts at an offset; one bank per band; grey with alpha
     * (as the PNG reader gives it).
     */
    private static final int INTERLEAVED_RGB = -1;
    private static final int BANDED_RGB = -2;
    private static final int GREY_ALPHA = -3;

    @Test
    void greyImageAtCropSizeIsCopiedExactly() {
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                grey.getRaster().setSample(x, y, 0, (x * 28 + y) % 256);
            }
        }
        float[] out = new Preprocessor(1, 28, 28).toChw(grey);
        assertEquals(28 * 28, out.length);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertEquals(((x * 28 + y) % 256) / 255f, out[y * 28 + x], "row " + y + " column " + x);
            }
        }
    }

    @Test
    void greyIsNotGammaShifted() {
        // Java2D's getRGB on a grey image would turn 128 into about 188.
        BufferedImage grey = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 128);
        assertArrayEquals(new float[] {128 / 255f, 128 / 255f, 128 / 255f},
                new Preprocessor(3, 1, 1).toChw(grey));
    }

    @Test
    void threeChannelsReplicateGrey() {
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 2, 0, 200);
        float[] out = new Preprocessor(3, 4, 4).toChw(grey);
        assertEquals(3 * 16, out.length);
        float[] first = Arrays.copyOfRange(out, 0, 16);
        assertEquals(200 / 255f, first[2 * 4 + 1]);
        assertArrayEquals(first, Arrays.copyOfRange(out, 16, 32));
        assertArrayEquals(first, Arrays.copyOfRange(out, 32, 48));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 255, 0, 150", // R·299/1000 + ... = 149.685: rounded as Pillow does, not truncated
        "255, 0, 0, 76",
        "0, 0, 255, 29",
        "200, 100, 50, 124",
        "255, 255, 255, 255",
        "77, 77, 77, 77"
    })
    void lumaFollowsPillow(int r, int g, int b, int expected) {
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, r << 16 | g << 8 | b);
        assertArrayEquals(new float[] {expected / 255f}, new Preprocessor(1, 1, 1).toChw(rgb));
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR})
    void rgbChannelsComeOutInRgbOrderWhateverTheLayout(int type) {
        BufferedImage image = new BufferedImage(1, 1, type);
        image.setRGB(0, 0, 0xFF0A141E);
        assertArrayEquals(new float[] {10 / 255f, 20 / 255f, 30 / 255f},
                new Preprocessor(3, 1, 1).toChw(image));
    }

    @Test
    void alphaIsDroppedNotComposited() {
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00C86432);
        assertArrayEquals(new float[] {200 / 255f, 100 / 255f, 50 / 255f},
                new Preprocessor(3, 1, 1).toChw(argb));
    }

    @Test
    void sixteenBitGreyIsClippedAsPillowsModeI16() {
        // Pillow opens a 16-bit grey PNG as I;16, and convert("L"/"RGB") clips it to 255 (I16_RGB).
        BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = grey.getRaster();
        raster.setSample(0, 0, 0, 0xABCD);
        raster.setSample(1, 0, 0, 0x0012);
        raster.setSample(0, 1, 0, 0x00FF);
        raster.setSample(1, 1, 0, 0x0100);
        assertArrayEquals(new float[] {1f, 0x12 / 255f, 1f, 1f}, new Preprocessor(1, 2, 2).toChw(grey));
    }

    @Test
    void sixteenBitGreyWithAlphaKeepsTheHighByte() {
        // ...whereas 16-bit grey with alpha is LA;16B, unpacked to its high bytes.
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {0xABCD, 0});
        raster.setPixel(1, 0, new int[] {0x00FF, 0xFFFF});
        BufferedImage image = new BufferedImage(model, raster, false, null);
        assertArrayEquals(new float[] {0xAB / 255f}, new Preprocessor(1, 1, 1).toChw(image.getSubimage(0, 0, 1, 1)));
        assertArrayEquals(new float[] {0f}, new Preprocessor(1, 1, 1).toChw(image.getSubimage(1, 0, 1, 1)));
    }

    @Test
    void greyWithAlphaUsesTheGreyBand() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {90, 0});
        BufferedImage image = new BufferedImage(model, raster, false, null);
        assertArrayEquals(new float[] {90 / 255f}, new Preprocessor(1, 1, 1).toChw(image));
    }

    @Test
    void paletteImagesUseThePaletteColours() {
        BufferedImage indexed = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(1, 2, new byte[] {0, 10}, new byte[] {0, 20}, new byte[] {0, 30}));
        indexed.getRaster().setSample(1, 0, 0, 1);
        float[] out = new Preprocessor(3, 2, 2).toChw(indexed);
        assertArrayEquals(new float[] {0, 10 / 255f, 0, 0, 0, 20 / 255f, 0, 0, 0, 30 / 255f, 0, 0}, out);
    }

    @Test
    void wideImageIsScaledToTheShortSideAndCroppedFromTheCentre() {
        // 40×20 with column x worth 6x: resize 10 makes it 20×10 by averaging column pairs
        // (6·2j + 6·(2j+1)) / 2 = 12j + 3; the 10-wide crop starts at column (20 - 10) / 2 = 5.
        BufferedImage grey = columns(40, 20, x -> 6 * x);
        float[] out = new Preprocessor(1, 10, 10).toChw(grey);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                assertEquals((12 * (x + 5) + 3) / 255f, out[y * 10 + x], "row " + y + " column " + x);
            }
        }
    }

    @Test
    void tallImageIsCroppedFromTheVerticalCentre() {
        // 3×9, resize 3 keeps the size, so the crop takes rows (9 - 3) / 2 = 3..5 untouched.
        BufferedImage grey = new BufferedImage(3, 9, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 3; x++) {
                grey.getRaster().setSample(x, y, 0, 10 * y + x);
            }
        }
        float[] out = new Preprocessor(1, 3, 3).toChw(grey);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals((10 * (y + 3) + x) / 255f, out[y * 3 + x]);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "8, 2", // (8 - 3) / 2 = 2.5 rounds to the even 2
        "10, 4", // 3.5 rounds to the even 4: not floor, as torchvision's int(round(...))
        "9, 3"
    })
    void cropOffsetsRoundHalfToEvenAsTorchvision(int width, int left) {
        BufferedImage grey = columns(width, 3, x -> x);
        float[] out = new Preprocessor(1, 3, 3).toChw(grey);
        assertArrayEquals(new float[] {left / 255f, (left + 1) / 255f, (left + 2) / 255f},
                Arrays.copyOfRange(out, 0, 3));
    }

    @Test
    void downscalingWeighsEveryCoveredPixel() {
        // Alternate black and white columns shrunk 3×. Pillow widens the triangle filter to the
        // scale: output column j (centre 3j + 1.5) weighs columns 3j - 1 .. 3j + 3 by 1/3, 2/3, 1,
        // 2/3, 1/3 (sum 3). White on odd columns: 255·5/9 = 141.7 for even j, 255·4/9 = 113.3 for
        // odd j. A plain bilinear step would read two columns and give pure stripes.
        BufferedImage stripes = columns(60, 30, x -> x % 2 == 0 ? 0 : 255);
        float[] out = new Preprocessor(1, 10, 10).toChw(stripes);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                int j = x + 5; // crop offset round((20 - 10) / 2) = 5
                assertEquals((j % 2 == 0 ? 142 : 113) / 255f, out[y * 10 + x], "row " + y + " column " + x);
            }
        }
    }

    @Test
    void smallImagesAreUpscaled() {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x336699);
        float[] out = new Preprocessor(3, 5, 4).toChw(one);
        assertEquals(3 * 16, out.length);
        for (int i = 0; i < 16; i++) {
            assertEquals(0x33 / 255f, out[i]);
            assertEquals(0x66 / 255f, out[16 + i]);
            assertEquals(0x99 / 255f, out[32 + i]);
        }
    }

    @Test
    void everyOutputIsInTheUnitInterval() {
        Random random = new Random(7);
        BufferedImage noise = new BufferedImage(123, 77, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 77; y++) {
            for (int x = 0; x < 123; x++) {
                noise.setRGB(x, y, random.nextInt());
            }
        }
        for (Preprocessor p : new Preprocessor[] {new Preprocessor(3, 32, 28), new Preprocessor(1, 224, 224)}) {
            float[] out = p.toChw(noise);
            assertEquals(p.length(), out.length);
            for (float v : out) {
                assertTrue(v >= 0f && v <= 1f, "value " + v);
            }
        }
    }

    @Test
    void accessorsDescribeTheOutput() {
        Preprocessor p = new Preprocessor(3, 256, 224);
        assertEquals(3, p.channels());
        assertEquals(224, p.size());
        assertEquals(3 * 224 * 224, p.length());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Preprocessor(2, 28, 28));
        assertThrows(IllegalArgumentException.class, () -> new Preprocessor(1, 28, 0));
        assertThrows(IllegalArgumentException.class, () -> new Preprocessor(1, 27, 28));
        assertThrows(NullPointerException.class, () -> new Preprocessor(1, 28, 28).toChw(null));
    }

    /**
     * 8-bit component layouts (what the JDK's decoders produce) are read straight from their
     * buffers; whatever the size (halved, upscaled, odd, at the target size already) and whether or
     * not the raster is a sub-image with offsets into its parent's buffer, the output must be that
     * of the same pixels read through {@code Raster.getSamples} (TYPE_INT_RGB, TYPE_USHORT_GRAY).
     */
    @ParameterizedTest
    @CsvSource({
        "130, 96, 48, 40",
        "333, 517, 64, 56",
        "641, 199, 32, 28",
        "224, 224, 224, 224",
        "300, 256, 256, 224",
        "37, 23, 50, 40",
        "1, 1, 3, 2"
    })
    void buffersReadInPlaceGiveWhatGetSamplesGives(int width, int height, int resize, int crop) {
        Random random = new Random(31L * width + height);
        int[][] colour = new int[4][width * height];
        for (int[] band : colour) {
            Arrays.setAll(band, i -> random.nextInt(256));
        }
        int[][] grey = {colour[0], colour[0], colour[0]};
        int[][] greyAsShorts = {grey[0]}; // 16-bit grey below 256: Pillow's I;16 clip keeps it
        for (int channels : new int[] {1, 3}) {
            Preprocessor p = new Preprocessor(channels, resize, crop);
            for (boolean sub : new boolean[] {false, true}) {
                String what = channels + " channels, " + (sub ? "sub-image" : "whole image") + ", ";
                float[] rgb = p.toChw(image(BufferedImage.TYPE_INT_RGB, width, height, colour, sub));
                for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
                    INTERLEAVED_RGB, BANDED_RGB}) {
                    assertArrayEquals(rgb, p.toChw(image(type, width, height, colour, sub)), what + "type " + type);
                }
                float[] g = p.toChw(image(BufferedImage.TYPE_USHORT_GRAY, width, height, greyAsShorts, sub));
                // Grey stored as RGB gives the same values: replicated, or a luma that is exact.
                assertArrayEquals(g, p.toChw(image(BufferedImage.TYPE_INT_RGB, width, height, grey, sub)), what);
                for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, GREY_ALPHA}) {
                    assertArrayEquals(g, p.toChw(image(type, width, height, grey, sub)), what + "type " + type);
                }
            }
        }
    }

    /**
     * An image of the given layout holding {@code samples[band][y * width + x]} in as many bands as it
     * has; as a sub-image, it is cut from a larger image of noise at offsets (3, 2).
     */
    private static BufferedImage image(int type, int width, int height, int[][] samples, boolean sub) {
        int dx = sub ? 3 : 0;
        int dy = sub ? 2 : 0;
        int w = width + (sub ? 7 : 0);
        int h = height + (sub ? 5 : 0);
        ColorSpace rgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        ColorSpace grey = ColorSpace.getInstance(ColorSpace.CS_GRAY);
        BufferedImage image = switch (type) {
            case INTERLEAVED_RGB -> new BufferedImage(new ComponentColorModel(rgb, false, false, Transparency.OPAQUE,
                    DataBuffer.TYPE_BYTE), Raster.createInterleavedRaster(new DataBufferByte(new byte[5 + 3 * w * h],
                    3 * w * h, 5), w, h, 3 * w, 3, new int[] {0, 1, 2}, null), false, null);
            case BANDED_RGB -> new BufferedImage(new ComponentColorModel(rgb, false, false, Transparency.OPAQUE,
                    DataBuffer.TYPE_BYTE), Raster.createBandedRaster(DataBuffer.TYPE_BYTE, w, h, 3, null), false, null);
            case GREY_ALPHA -> {
                ComponentColorModel model = new ComponentColorModel(grey, true, false, Transparency.TRANSLUCENT,
                        DataBuffer.TYPE_BYTE);
                yield new BufferedImage(model, model.createCompatibleWritableRaster(w, h), false, null);
            }
            default -> new BufferedImage(w, h, type);
        };
        WritableRaster raster = image.getRaster();
        Random noise = new Random(w * 7L + h);
        for (int band = 0; band < raster.getNumBands(); band++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean inside = x >= dx && x < dx + width && y >= dy && y < dy + height;
                    raster.setSample(x, y, band, inside ? samples[band][(y - dy) * width + x - dx] : noise.nextInt(256));
                }
            }
        }
        return sub ? image.getSubimage(dx, dy, width, height) : image;
    }

    private static BufferedImage columns(int width, int height, IntUnaryOperator value) {
        BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                grey.getRaster().setSample(x, y, 0, value.applyAsInt(x));
            }
        }
        return grey;
    }
}
