package org.ascore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.ascore.io.DecodedImage;
import org.ascore.io.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ascore's decode and preprocessing against PIL/torchvision: each fixture of
 * src/test/resources/pil is decoded by {@link ImageDecoder} and preprocessed, and the output
 * compared, level by level, with what src/test/python/make_pil_reference.py computed with Pillow
 * ({@code convert}, torchvision's Resize and CenterCrop arithmetic, PIL's bilinear resize). PNG
 * fixtures must match exactly; JPEG ones within the difference listed in cases.csv, which is that of
 * the two JPEG decoders (docs/preprocessing.md).
 */
class PilReferenceTest {

    private static final String ROOT = "/pil/";
    private static final ImageDecoder DECODER = new ImageDecoder(50_000_000L);

    static Stream<Arguments> cases() {
        String csv = new String(resource("cases.csv"), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).skip(1).toList();
        assertTrue(lines.size() >= 40, "cases.csv has " + lines.size() + " cases");
        return lines.stream().map(l -> l.split(",")).map(f -> Arguments.of(f[0], Integer.parseInt(f[1]),
                Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], Integer.parseInt(f[5])));
    }

    @ParameterizedTest(name = "{0} → {1}×{3}×{3} (resize {2})")
    @MethodSource("cases")
    void preprocessingEqualsPil(String image, int channels, int resize, int crop, String expected, int maxDiff)
            throws IOException {
        byte[] bytes = resource("images/" + image);
        BufferedImage decoded = image.startsWith("cmyk") ? rawCmykJpeg(bytes) : decodeOk(bytes);
        float[] out = new Preprocessor(channels, resize, crop).toChw(decoded);
        byte[] pil = npyUint8(resource("expected/" + expected), channels, crop, crop);
        int worst = 0;
        int worstAt = -1;
        for (int i = 0; i < pil.length; i++) {
            int level = Math.round(out[i] * 255);
            // ToTensor: a uint8 level divided by 255 in float, nothing in between.
            assertEquals(level / 255f, out[i], "not a level / 255");
            int diff = Math.abs(level - (pil[i] & 0xFF));
            if (diff > worst) {
                worst = diff;
                worstAt = i;
            }
        }
        assertTrue(worst <= maxDiff, image + ": differs from PIL by up to " + worst + " levels (allowed "
                + maxDiff + "), first at channel/row/column " + position(worstAt, crop));
    }

    @Test
    void exifOrientationIsNotAppliedAsInTheReference() {
        // Orientation 6 would turn the 60×40 file into a 40×60 picture; the reference keeps 60×40.
        BufferedImage image = decodeOk(resource("images/exif6_60x40.png"));
        assertEquals(60, image.getWidth());
        assertEquals(40, image.getHeight());
    }

    private static BufferedImage decodeOk(byte[] bytes) {
        DecodedImage d = DECODER.decode(bytes);
        assertTrue(d.isOk(), d.error());
        return d.image();
    }

    /**
     * The CMYK JPEG's samples as stored, read by the JDK's reader without colour conversion, inverted
     * back to ink amounts (Adobe CMYK JPEGs store 255 - ink; Pillow's raw mode {@code CMYK;I} undoes
     * it the same way), in an image whose colour space says CMYK.
     */
    private static BufferedImage rawCmykJpeg(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                Raster stored = reader.readRaster(0, null);
                ComponentColorModel cmyk = new ComponentColorModel(new CmykSpace(), false, false,
                        java.awt.Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
                WritableRaster raster = cmyk.createCompatibleWritableRaster(stored.getWidth(), stored.getHeight());
                for (int b = 0; b < 4; b++) {
                    for (int y = 0; y < stored.getHeight(); y++) {
                        for (int x = 0; x < stored.getWidth(); x++) {
                            raster.setSample(x, y, b, 255 - stored.getSample(x, y, b));
                        }
                    }
                }
                return new BufferedImage(cmyk, raster, false, null);
            } finally {
                reader.dispose();
            }
        }
    }

    /** A colour space that only says "CMYK": the preprocessing reads the samples, never converts them. */
    private static final class CmykSpace extends ColorSpace {
        CmykSpace() {
            super(TYPE_CMYK, 4);
        }

        @Override
        public float[] toRGB(float[] v) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[] fromRGB(float[] v) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[] toCIEXYZ(float[] v) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[] fromCIEXYZ(float[] v) {
            throw new UnsupportedOperationException();
        }
    }

    private static String position(int i, int crop) {
        return (i / (crop * crop)) + "/" + (i / crop % crop) + "/" + (i % crop);
    }

    /** The data of a C-order uint8 .npy file of the given shape (format 1.0, as numpy.save writes it). */
    static byte[] npyUint8(byte[] npy, int... shape) {
        String magic = new String(npy, 0, 6, StandardCharsets.ISO_8859_1);
        assertEquals("\u0093NUMPY", magic);
        int headerLength = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        String header = new String(npy, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'descr': '|u1'") && header.contains("'fortran_order': False"), header);
        Matcher m = Pattern.compile("'shape': \\(([0-9, ]*)\\)").matcher(header);
        assertTrue(m.find(), header);
        StringBuilder want = new StringBuilder();
        for (int s : shape) {
            want.append(want.length() == 0 ? "" : ", ").append(s);
        }
        assertEquals(want.toString(), m.group(1).strip());
        int start = 10 + headerLength;
        byte[] data = new byte[npy.length - start];
        System.arraycopy(npy, start, data, 0, data.length);
        int count = 1;
        for (int s : shape) {
            count *= s;
        }
        assertEquals(count, data.length);
        return data;
    }

    private static byte[] resource(String name) {
        try (InputStream in = PilReferenceTest.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + ROOT + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
