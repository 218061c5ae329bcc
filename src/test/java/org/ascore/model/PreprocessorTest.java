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
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
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
    void sixteenBitGreyKeepsTheHighByte() {
        BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = grey.getRaster();
        raster.setSample(0, 0, 0, 0xABCD);
        raster.setSample(1, 0, 0, 0xFFFF);
        raster.setSample(0, 1, 0, 0x00FF);
        raster.setSample(1, 1, 0, 0x0100);
        assertArrayEquals(new float[] {0xAB / 255f, 1f, 0f, 1 / 255f}, new Preprocessor(1, 2, 2).toChw(grey));
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

    @Test
    void oddCropOffsetsRoundDown() {
        // 8 wide, crop 3: offset floor(5 / 2) = 2.
        BufferedImage grey = columns(8, 3, x -> x);
        float[] out = new Preprocessor(1, 3, 3).toChw(grey);
        assertArrayEquals(new float[] {2 / 255f, 3 / 255f, 4 / 255f}, Arrays.copyOfRange(out, 0, 3));
    }

    @Test
    void strongDownscalingAveragesInsteadOfAliasing() {
        // Alternate black and white columns shrunk 3×: a single bilinear step would land exactly on
        // every third column and return stripes; halving first averages them to mid-grey.
        BufferedImage stripes = columns(60, 30, x -> x % 2 == 0 ? 0 : 255);
        float[] out = new Preprocessor(1, 10, 10).toChw(stripes);
        for (float v : out) {
            assertEquals(128 / 255f, v);
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
        int[][] greyAsShorts = {Arrays.stream(grey[0]).map(v -> v << 8 | (v ^ 0x5A)).toArray()};
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

    /**
     * Outputs recorded from the implementation before the direct raster reads and crop-only
     * resampling (commit 0524cd1), as sha-256 of the float bits: the values feed a metric compared across runs, so
     * no rewrite may change a single bit. Covers halving, odd and non-square sizes, upscaling, exact
     * target sizes, a sub-image, and each way of reading samples (raw bytes, generic raster, sRGB).
     */
    @ParameterizedTest
    @CsvSource({
        "1, 512, 512, TYPE_3BYTE_BGR, 3, 256, 224, 0, bffd246273b56fc60c30139af1a80636748b6470c8fddf89881a0f91bf134220",
        "2, 512, 512, TYPE_3BYTE_BGR, 1, 28, 28, 0, 1d86c065c8506b63e38cf03cf7189eb44df4949c5dd02de8785a98946cec7d76",
        "3, 333, 517, TYPE_BYTE_GRAY, 3, 64, 56, 0, c33666b70a4eec123cd0c62bf2e3c25fb8a864c8d5193ad1d0a7de913313a2ca",
        "4, 641, 199, TYPE_4BYTE_ABGR, 3, 100, 90, 0, 53b12e1f8121ab5104a49ae5c24345e475f9f6b84c83e83fcfe0ffccbc5a3fcb",
        "5, 641, 199, TYPE_4BYTE_ABGR, 1, 32, 28, 0, 569eb14eacbf463dcb1c848ec125cced020f14b9b1008de1eafaeb82c404435a",
        "6, 37, 23, TYPE_INT_RGB, 3, 50, 40, 0, 84a51d39ae892a84a3c8eb03e4ef53bda5f2d8e6450f6f54b74eda37dac29aad",
        "7, 224, 224, TYPE_3BYTE_BGR, 3, 224, 224, 0, 81ea0c7081ef18e9bb01095ee0597ba937fcbf1de740fe7ac7936d1b72c25f6c",
        "8, 256, 300, TYPE_BYTE_GRAY, 1, 256, 224, 0, 2c3a7c9abd789c4ea83f4bfdfb81801d4e7c50aed05bec695814b861279edd95",
        "9, 300, 260, TYPE_3BYTE_BGR, 3, 128, 112, 1, 23851223b18caf23cfa0350e337bb5b3a5822a4f76b7b71e6e2ce966d8d1df06",
        "10, 97, 61, TYPE_INT_ARGB, 1, 32, 28, 0, dee06d468e4e71686afdaf118305352193ce712317e1138796663efd44458e7e",
        "11, 50, 40, TYPE_BYTE_INDEXED, 3, 32, 28, 0, 37c871da1445c1a419fa88ad06724e0272271452963b9ba746647c62feddfc41",
        "12, 130, 90, TYPE_USHORT_GRAY, 3, 40, 36, 1, d9485cc4e6aa8ad3825743f5b82f8ccd050bae7c6ad2a9332a2c72aea49eca30"
    })
    void outputsAreBitForBitThoseOfTheRecordedImplementation(long seed, int width, int height, String type,
            int channels, int resize, int crop, int subimage, String sha256) throws Exception {
        BufferedImage image = randomImage(seed, width, height, BufferedImage.class.getField(type).getInt(null));
        if (subimage == 1) {
            image = image.getSubimage(13, 7, width - 29, height - 20);
        }
        float[] out = new Preprocessor(channels, resize, crop).toChw(image);
        assertEquals(sha256, sha256(out));
    }

    /** Seeded random pixels stored as the given type: colour through setRGB, grey types as raw samples. */
    private static BufferedImage randomImage(long seed, int width, int height, int type) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, type);
        boolean grey = type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (grey) {
                    image.getRaster().setSample(x, y, 0, random.nextInt(1 << image.getSampleModel().getSampleSize(0)));
                } else {
                    image.setRGB(x, y, random.nextInt());
                }
            }
        }
        return image;
    }

    private static String sha256(float[] values) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            bytes.putInt(Float.floatToRawIntBits(v));
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
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
