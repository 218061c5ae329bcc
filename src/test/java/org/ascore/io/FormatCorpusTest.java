package org.ascore.io;

import org.ascore.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The format corpus of src/test/resources/formats (src/test/python/make_format_fixtures.py): each
 * file decodes, and its pixels are compared with the ones Pillow decoded from the same file.
 */
class FormatCorpusTest {
    static final Path DIR = Path.of("src", "test", "resources", "formats");
    static final int W = 40;
    static final int H = 28;

    private final ImageDecoder decoder = new ImageDecoder(1_000_000);

    /** Lossless files: every sample equals Pillow's (alpha included where the file has it). */
    @ParameterizedTest
    @CsvSource({"lossless.webp", "alpha-lossless.webp", "deflate.tif", "lzw.tiff", "rgb24.bmp", "palette8.bmp",
        "upper.PNG", "plain.gif"})
    void losslessFilesDecodeToPillowsPixels(String name) throws IOException {
        BufferedImage img = decode(name);
        Reference ref = Reference.load(name);
        assertEquals(0, ref.maxDifference(img), name + " differs from Pillow's pixels");
    }

    /**
     * Lossy files: decoders may differ in IDCT and chroma upsampling, so the mean difference from
     * Pillow's is bounded; CMYK and YCCK JPEG included, whose conversion to RGB follows Pillow's
     * (mean 0.3-0.5 levels). TwelveMonkeys' VP8 decoder upsamples chroma without libwebp's "fancy"
     * filter: on this 40x28 picture with hard colour edges, 4.5 levels on average and up to 85 at
     * the edges, a known difference from Pillow for lossy WebP.
     */
    @ParameterizedTest
    @CsvSource({"lossy.webp, 5.0", "mixed.JpG, 1.0", "cmyk.jpg, 1.0", "ycck.jpg, 1.0"})
    void lossyFilesDecodeCloseToPillowsPixels(String name, double tolerance) throws IOException {
        BufferedImage img = decode(name);
        Reference ref = Reference.load(name);
        double diff = ref.meanDifference(img);
        assertTrue(diff <= tolerance, name + " differs from Pillow's pixels by " + diff + " on average, max "
                + ref.maxDifference(img));
    }

    @Test
    void pluginsAreRegisteredAgainWhenImageIoWasInitialisedWithoutThem() throws IOException {
        // As in an executor whose ImageIO registry was filled from a class loader without the plugins.
        IIORegistry registry = IIORegistry.getDefaultInstance();
        ImageReaderSpi webp = registry.getServiceProviderByClass(WebPImageReaderSpi.class);
        assertNotNull(webp, "the WebP plugin is on the test class path");
        registry.deregisterServiceProvider(webp, ImageReaderSpi.class);
        assertFalse(ImageIoPlugins.allRegistered());
        assertEquals(Status.UNSUPPORTED_FORMAT, decoder.decode(Files.readAllBytes(DIR.resolve("lossless.webp")))
                .status(), "without the plugin WebP is not readable");
        ImageDecoder fresh = new ImageDecoder(1_000_000);
        assertTrue(ImageIoPlugins.allRegistered());
        assertEquals(Status.OK, fresh.decode(Files.readAllBytes(DIR.resolve("lossless.webp"))).status());
    }

    private BufferedImage decode(String name) throws IOException {
        DecodedImage d = decoder.decode(Files.readAllBytes(DIR.resolve(name)));
        assertEquals(Status.OK, d.status(), name + ": " + d.error());
        assertEquals(W, d.width());
        assertEquals(H, d.height());
        return d.image();
    }

    /** Pillow's decoded pixels: raw interleaved RGB or RGBA rows. */
    record Reference(byte[] samples, int channels) {
        static Reference load(String name) throws IOException {
            Path rgba = DIR.resolve(name + ".rgba");
            if (Files.exists(rgba)) {
                return new Reference(Files.readAllBytes(rgba), 4);
            }
            return new Reference(Files.readAllBytes(DIR.resolve(name + ".rgb")), 3);
        }

        /** Largest absolute difference over all samples; getRGB is exact for these 8-bit sRGB images. */
        int maxDifference(BufferedImage img) {
            return (int) differences(img)[0];
        }

        double meanDifference(BufferedImage img) {
            return differences(img)[1];
        }

        /** Largest and mean absolute difference. */
        private double[] differences(BufferedImage img) {
            assertEquals(W * H * channels, samples.length);
            int max = 0;
            long sum = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int argb = img.getRGB(x, y);
                    int[] got = {(argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, (argb >>> 24) & 0xFF};
                    for (int k = 0; k < channels; k++) {
                        int want = samples[(y * W + x) * channels + k] & 0xFF;
                        max = Math.max(max, Math.abs(got[k] - want));
                        sum += Math.abs(got[k] - want);
                    }
                }
            }
            return new double[] {max, (double) sum / samples.length};
        }
    }
}
