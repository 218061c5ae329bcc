package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.ascore.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive fixtures of src/test/resources/archives (src/test/python/make_archive_fixtures.py,
 * written by NumPy, tarfile and pyarrow) read back by row path, without Spark: each array image
 * decodes to the pixels of the PNG Pillow wrote from the same array.
 */
class ArchiveReadingTest {
    static final Path DIR = Path.of("src", "test", "resources", "archives").toAbsolutePath();
    final Configuration conf = new Configuration();
    final ImageDecoder decoder = new ImageDecoder(1_000_000);

    @ParameterizedTest
    @CsvSource({"savez.npz, arr_0, 0", "savez.npz, arr_0, 4", "savez_compressed.npz, images, 0",
        "savez_compressed.npz, images, 2", "single.npy, npy, 1"})
    void arrayImagesDecodeToThePixelsPillowSavedFromTheArray(String file, String array, int index) throws IOException {
        String path = "file:" + DIR.resolve(file) + "#" + ("npy".equals(array) ? "" : array + "/") + index;
        InputImage image = ImagePaths.read(path, conf, 1 << 20).orElseThrow();
        assertTrue(image.isArray());
        DecodedImage got = decoder.decode(image);
        assertEquals(Status.OK, got.status(), got.error());
        DecodedImage want = decoder.decode(Files.readAllBytes(DIR.resolve(file + "." + array + "." + index + ".png")));
        assertArrayEquals(rgb(want.image()), rgb(got.image()), path);
    }

    @Test
    void storedArraysAreSlicedAtByteOffsetsAndCompressedOnesAreReadWhole() throws IOException {
        List<NpzArrays.Slice> stored = NpzArrays.slices("file:" + DIR.resolve("savez.npz"), conf).slices();
        assertEquals(1, stored.size(), "arr_1 (labels, [5]) is not an image stack");
        NpzArrays.Slice s = stored.get(0);
        assertEquals("arr_0", s.array());
        assertEquals(28 * 28 * 3, s.imageBytes());
        assertTrue(s.stored() && s.dataOffset() > 0);
        assertEquals(5, s.end());
        NpzArrays.Slice c = NpzArrays.slices("file:" + DIR.resolve("savez_compressed.npz"), conf).slices().get(0);
        assertEquals(-1, c.dataOffset());
        assertEquals("<f4", c.dtype());
        assertArrayEquals(new int[] {28, 28}, c.imageShape());
    }

    /** The report's one pass over a compressed array gives each image as reading it alone does: Pillow's pixels. */
    @Test
    void compressedArraysAreReadInOnePassForManyPaths() throws IOException {
        String compressed = "file:" + DIR.resolve("savez_compressed.npz");
        String stored = "file:" + DIR.resolve("savez.npz") + "#arr_0/1";
        List<String> paths = List.of(compressed + "#images/2", compressed + "#images/0", stored);
        Map<String, InputImage> got = ImagePaths.readCompressedArrays(paths, conf, 1 << 20);
        assertEquals(java.util.Set.of(compressed + "#images/0", compressed + "#images/2"), got.keySet(),
                "stored arrays are left to ImagePaths.read");
        for (int i : new int[] {0, 2}) {
            DecodedImage d = decoder.decode(got.get(compressed + "#images/" + i));
            assertEquals(Status.OK, d.status(), d.error());
            DecodedImage want = decoder.decode(Files.readAllBytes(DIR.resolve("savez_compressed.npz.images." + i + ".png")));
            assertArrayEquals(rgb(want.image()), rgb(d.image()), "image " + i);
        }
    }

    @Test
    void imageIdsOfArrayImagesDependOnPixelsShapeAndDtype() {
        byte[] pixels = new byte[12];
        String id = new InputImage(pixels, "|u1", new int[] {2, 2, 3}).imageId();
        assertNotEquals(id, new InputImage(pixels, "|u1", new int[] {2, 6}).imageId());
        assertNotEquals(id, new InputImage(pixels, "<u1", new int[] {2, 2, 3}).imageId());
        assertNotEquals(id, InputImage.encoded(pixels).imageId());
        assertEquals(id, new InputImage(pixels.clone(), "|u1", new int[] {2, 2, 3}).imageId());
    }

    @ParameterizedTest
    @CsvSource({"000000.png", "000001.jpg", "000002.webp", "sub dir/000003.PNG"})
    void tarMembersAreReadByTheirPath(String member) throws IOException {
        String path = "file:" + DIR.resolve("shard-000000.tar") + "#" + member;
        InputImage image = ImagePaths.read(path, conf, 1 << 20).orElseThrow();
        assertEquals(Status.OK, decoder.decode(image).status());
    }

    @Test
    void floatValuesOutsideZeroOneAreADecodeError() {
        byte[] raw = java.nio.ByteBuffer.allocate(4 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putFloat(0f).putFloat(0.5f).putFloat(-1f).putFloat(1f).array();
        DecodedImage d = decoder.decode(new InputImage(raw, "<f4", new int[] {2, 2}));
        assertEquals(Status.DECODE_ERROR, d.status());
        assertTrue(d.error().contains("outside [0, 1]"), d.error());
    }

    static int[] rgb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
