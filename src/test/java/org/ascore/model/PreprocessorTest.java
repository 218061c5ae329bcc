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
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PreprocessorTest {

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
