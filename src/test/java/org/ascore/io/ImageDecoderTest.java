package org.ascore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.ascore.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private static final long LIMIT = 50_000_000L;

    private final ImageDecoder decoder = new ImageDecoder(LIMIT);

    @Test
    void emptyFileIsEmptyFile() {
        DecodedImage result = decoder.decode(new byte[0]);
        assertEquals(Status.EMPTY_FILE, result.status());
        assertNull(result.image());
        assertNull(result.widthOrNull());
        assertNull(result.heightOrNull());
        assertNotNull(result.error());
    }

    @Test
    void truncatedPngIsDecodeErrorWithHeaderSize() throws IOException {
        byte[] png = encode(gradient(64, 48, BufferedImage.TYPE_INT_RGB), "png");
        DecodedImage result = decoder.decode(Arrays.copyOf(png, png.length / 2));
        assertEquals(Status.DECODE_ERROR, result.status(), result.error());
        assertEquals(64, result.widthOrNull());
        assertEquals(48, result.heightOrNull());
        assertTrue(result.error().startsWith("PNG"), result.error());
    }

    @Test
    void truncatedJpegIsDecodeErrorAlthoughTheReaderOnlyWarns() throws IOException {
        byte[] jpeg = encode(gradient(200, 100, BufferedImage.TYPE_INT_RGB), "jpeg");
        for (int length : new int[] {jpeg.length / 2, jpeg.length - 2}) {
            DecodedImage result = decoder.decode(Arrays.copyOf(jpeg, length));
            assertEquals(Status.DECODE_ERROR, result.status(), "cut at " + length);
            assertTrue(result.error().contains("incomplete"), result.error());
            assertEquals(200, result.width());
        }
    }

    @Test
    void jpegCutBeforeTheScanIsDecodeError() throws IOException {
        byte[] jpeg = encode(gradient(200, 100, BufferedImage.TYPE_INT_RGB), "jpeg");
        DecodedImage result = decoder.decode(Arrays.copyOf(jpeg, 300));
        assertEquals(Status.DECODE_ERROR, result.status(), result.error());
    }

    @Test
    void corruptPngDataIsDecodeError() throws IOException {
        byte[] png = encode(gradient(32, 32, BufferedImage.TYPE_INT_RGB), "png");
        int idatData = indexOf(png, "IDAT") + 4;
        Arrays.fill(png, idatData, idatData + 40, (byte) 0x5A);
        assertEquals(Status.DECODE_ERROR, decoder.decode(png).status());
    }

    @Test
    void plainTextIsNotAnImage() {
        DecodedImage result = decoder.decode("width,height\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Status.UNSUPPORTED_FORMAT, result.status());
        assertEquals("not an image (text)", result.error());
        assertNull(result.widthOrNull());
    }

    @Test
    void htmlIsNotAnImage() {
        String html = "\n  <!DOCTYPE html>\n<html><body>404 – not found</body></html>\n";
        DecodedImage result = decoder.decode(html.getBytes(StandardCharsets.UTF_8));
        assertEquals(Status.UNSUPPORTED_FORMAT, result.status());
        assertTrue(result.error().startsWith("not an image (text)"), result.error());
        assertTrue(result.error().contains("HTML"), result.error());
    }

    @Test
    void zipIsNotAnImage() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("image.png"));
            zip.write(encode(gradient(4, 4, BufferedImage.TYPE_INT_RGB), "png"));
            zip.closeEntry();
        }
        DecodedImage result = decoder.decode(bytes.toByteArray());
        assertEquals(Status.UNSUPPORTED_FORMAT, result.status());
        assertTrue(result.error().contains("zip"), result.error());
    }

    @Test
    void truncatedWebpIsADecodeErrorNamingWebp() {
        byte[] webp = ascii("RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0\u0030\u0001\0\u009d\u0001\u002a");
        DecodedImage result = decoder.decode(webp);
        assertEquals(Status.DECODE_ERROR, result.status());
        assertTrue(result.error().toUpperCase(java.util.Locale.ROOT).contains("WEBP"), result.error());
    }

    @ParameterizedTest
    @CsvSource({"heic, HEIC/HEIF", "mif1, HEIC/HEIF", "avif, AVIF", "mp42, ISO media"})
    void isoMediaBrandsAreNamed(String brand, String expected) {
        byte[] file = ascii("\0\0\0\u0018ftyp" + brand + "\0\0\0\0mif1" + brand + "\0\0\0\0");
        DecodedImage result = decoder.decode(file);
        assertEquals(Status.UNSUPPORTED_FORMAT, result.status());
        assertTrue(result.error().contains(expected), result.error());
    }

    @Test
    void unknownBinaryShowsItsFirstBytes() {
        DecodedImage result = decoder.decode(new byte[] {0, 1, 2, (byte) 0xFE, 0x7F, 0, 0, 3});
        assertEquals(Status.UNSUPPORTED_FORMAT, result.status());
        assertTrue(result.error().contains("00 01 02 fe 7f"), result.error());
    }

    @Test
    void sixteenBitGreyPngKeepsItsSamples() throws IOException {
        BufferedImage grey = new BufferedImage(5, 3, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(2, 1, 0, 0xABCD);
        grey.getRaster().setSample(4, 2, 0, 0xFFFF);
        BufferedImage decoded = decodeOk(encode(grey, "png"));
        assertEquals(16, decoded.getColorModel().getComponentSize(0));
        assertEquals(0xABCD, decoded.getRaster().getSample(2, 1, 0));
        assertEquals(0xFFFF, decoded.getRaster().getSample(4, 2, 0));
    }

    @Test
    void palettePngDecodesToItsPaletteColours() throws IOException {
        byte[] red = {(byte) 255, 0, 10};
        byte[] green = {0, (byte) 255, 20};
        byte[] blue = {0, 0, 30};
        BufferedImage indexed = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 3, red, green, blue));
        indexed.getRaster().setSample(1, 0, 0, 1);
        indexed.getRaster().setSample(2, 1, 0, 2);
        BufferedImage decoded = decodeOk(encode(indexed, "png"));
        assertEquals(0xFF0000, decoded.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x00FF00, decoded.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0x0A141E, decoded.getRGB(2, 1) & 0xFFFFFF);
    }

    @Test
    void greyAlphaPngKeepsBothBands() throws IOException {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(4, 4);
        raster.setPixel(1, 2, new int[] {77, 0});
        raster.setPixel(3, 3, new int[] {200, 128});
        BufferedImage decoded = decodeOk(encode(new BufferedImage(model, raster, false, null), "png"));
        assertEquals(2, decoded.getRaster().getNumBands());
        assertEquals(77, decoded.getRaster().getSample(1, 2, 0));
        assertEquals(0, decoded.getRaster().getSample(1, 2, 1));
        assertEquals(128, decoded.getRaster().getSample(3, 3, 1));
    }

    @Test
    void rgbaPngKeepsColourUnderTransparency() throws IOException {
        BufferedImage argb = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x00123456);
        argb.setRGB(2, 2, 0x80FF8000);
        BufferedImage decoded = decodeOk(encode(argb, "png"));
        assertTrue(decoded.getColorModel().hasAlpha());
        assertEquals(0x00123456, decoded.getRGB(1, 1));
        assertEquals(0x80FF8000, decoded.getRGB(2, 2));
    }

    @Test
    void animatedGifYieldsItsFirstFrame() throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(filled(0xFF0000), null, null), null);
            writer.writeToSequence(new IIOImage(filled(0x0000FF), null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        byte[] gif = bytes.toByteArray();
        assertEquals(2, frameCount(gif));
        BufferedImage decoded = decodeOk(gif);
        assertEquals(0xFF0000, decoded.getRGB(3, 3) & 0xFFFFFF);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "gif", "tiff", "jpeg"})
    void commonFormatsRoundTrip(String format) throws IOException {
        BufferedImage image = gradient(33, 17, BufferedImage.TYPE_INT_RGB);
        DecodedImage result = decoder.decode(encode(image, format));
        assertEquals(Status.OK, result.status(), result.error());
        assertEquals(33, result.width());
        assertEquals(17, result.height());
        assertNull(result.error());
        if (!format.equals("jpeg") && !format.equals("gif")) {
            assertEquals(image.getRGB(20, 9), result.image().getRGB(20, 9));
        }
    }

    @Test
    void wbmpDecodes() throws IOException {
        BufferedImage binary = new BufferedImage(9, 5, BufferedImage.TYPE_BYTE_BINARY);
        binary.setRGB(4, 2, 0xFFFFFF);
        BufferedImage decoded = decodeOk(encode(binary, "wbmp"));
        assertEquals(0xFFFFFF, decoded.getRGB(4, 2) & 0xFFFFFF);
        assertEquals(0, decoded.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void onePixelImageDecodes() throws IOException {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x336699);
        BufferedImage decoded = decodeOk(encode(one, "png"));
        assertEquals(1, decoded.getWidth());
        assertEquals(0x336699, decoded.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void decompressionBombIsRefusedFromTheHeader() throws IOException {
        byte[] bomb = pngClaiming(30_000, 30_000);
        DecodedImage result = decoder.decode(bomb);
        assertEquals(Status.TOO_LARGE, result.status(), result.error());
        assertEquals(30_000, result.width());
        assertEquals(30_000, result.height());
        assertTrue(result.error().contains("30000x30000"), result.error());
        assertTrue(result.error().contains(String.valueOf(LIMIT)), result.error());
        assertTrue(result.error().contains(ImageDecoder.MAX_PIXELS_KEY), result.error());
    }

    @Test
    void patchedPngUnderTheLimitFailsOnlyWhenDecoded() throws IOException {
        // Shows the patched header is read as written: under the limit it passes the size check and
        // only fails when the reader runs out of pixel data.
        DecodedImage result = new ImageDecoder(Long.MAX_VALUE).decode(pngClaiming(3_000, 3_000));
        assertEquals(Status.DECODE_ERROR, result.status(), result.error());
        assertEquals(3_000, result.width());
    }

    @Test
    void limitIsInclusive() throws IOException {
        byte[] png = encode(gradient(10, 10, BufferedImage.TYPE_INT_RGB), "png");
        assertEquals(Status.OK, new ImageDecoder(100).decode(png).status());
        assertEquals(Status.TOO_LARGE, new ImageDecoder(99).decode(png).status());
    }

    /**
     * Four-channel JPEGs (plain CMYK, YCCK and Adobe transform 1 on four channels) decode to RGB
     * through the TwelveMonkeys reader; FormatCorpusTest compares real CMYK/YCCK files with Pillow.
     */
    @ParameterizedTest
    @CsvSource({"-1", "0", "1", "2"})
    void fourChannelJpegsDecodeToRgb(int adobeTransform) throws IOException {
        byte[] jpeg = adobeTransform < 0 ? cmykJpeg() : withAdobeMarker(cmykJpeg(), adobeTransform);
        DecodedImage result = decoder.decode(jpeg);
        assertEquals(Status.OK, result.status(), result.error());
        assertEquals(16, result.width());
        assertEquals(3, result.image().getColorModel().getNumColorComponents());
    }

    @Test
    void nonPositiveLimitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ImageDecoder(0));
    }

    @Test
    void resultInvariantsAreEnforced() {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        assertThrows(IllegalArgumentException.class,
                () -> new DecodedImage(null, 1, 1, Status.OK, null));
        assertThrows(IllegalArgumentException.class,
                () -> new DecodedImage(image, 1, 1, Status.DECODE_ERROR, "x"));
        assertThrows(NullPointerException.class, () -> DecodedImage.failed(Status.DECODE_ERROR, null));
    }

    private BufferedImage decodeOk(byte[] bytes) {
        DecodedImage result = decoder.decode(bytes);
        assertEquals(Status.OK, result.status(), result.error());
        assertNull(result.error());
        assertEquals(result.image().getWidth(), result.width());
        assertEquals(result.image().getHeight(), result.height());
        return result.image();
    }

    private static int frameCount(byte[] gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    static BufferedImage filled(int rgb) {
        return new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(1, 2, new byte[] {(byte) (rgb >> 16), 0},
                        new byte[] {(byte) (rgb >> 8), 0}, new byte[] {(byte) rgb, 0}));
    }

    static BufferedImage gradient(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, bytes)) {
            throw new IOException("no " + format + " writer for " + image);
        }
        return bytes.toByteArray();
    }

    /** A valid one-pixel grey PNG whose IHDR is patched to claim another size (CRC fixed up). */
    static byte[] pngClaiming(int width, int height) throws IOException {
        byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png");
        int ihdr = indexOf(png, "IHDR");
        putInt(png, ihdr + 4, width);
        putInt(png, ihdr + 8, height);
        CRC32 crc = new CRC32();
        crc.update(png, ihdr, 4 + 13);
        putInt(png, ihdr + 4 + 13, (int) crc.getValue());
        return png;
    }

    /** The JDK writer stores a four-band raster as a CMYK JPEG (no Adobe marker). */
    static byte[] cmykJpeg() throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, new int[] {x * 16, y * 16, 128, 30});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Inserts an Adobe APP14 segment with the given colour transform right after SOI. */
    private static byte[] withAdobeMarker(byte[] jpeg, int transform) {
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
            (byte) transform};
        byte[] out = new byte[jpeg.length + app14.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(app14, 0, out, 2, app14.length);
        System.arraycopy(jpeg, 2, out, 2 + app14.length, jpeg.length - 2);
        return out;
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = ascii(needle);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(needle + " not found");
    }

    private static void putInt(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
