package org.ascore.io;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.pipeline.RunResult;
import org.ascore.pipeline.ScoreJob;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.ascore.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of bad and unusual inputs, built in code, through the whole pipeline: each file gets one
 * scores row with the expected status, and the job goes on.
 */
class BadInputReliabilityTest {
    @TempDir
    Path tmp;

    @Test
    void everyFileOfTheCorpusGetsOneRowWithItsStatus() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path real = tmp.resolve("real");
        List<Path> good = DemoData.copy("real", 6, real);
        byte[] png = Files.readAllBytes(good.get(0));
        byte[] jpeg = ImageDecoderTest.encode(ImageDecoderTest.gradient(64, 48, BufferedImage.TYPE_INT_RGB), "jpg");

        Map<String, String> expected = new LinkedHashMap<>();
        put(real, expected, "zero.png", new byte[0], "empty_file");
        put(real, expected, "truncated.png", Arrays.copyOf(png, png.length / 2), "decode_error");
        put(real, expected, "truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "decode_error");
        put(real, expected, "text.png", "just some text\n".getBytes(), "unsupported_format");
        put(real, expected, "page.jpg", "<!DOCTYPE html><html><body>hi</body></html>".getBytes(), "unsupported_format");
        put(real, expected, "archive.png", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}, "unsupported_format");
        put(real, expected, "photo.png", "RIFF\0\0\0\0WEBPVP8 ".getBytes(), "decode_error");
        put(real, expected, "cmyk.jpg", ImageDecoderTest.cmykJpeg(), "ok");
        put(real, expected, "bomb.png", ImageDecoderTest.pngClaiming(30000, 30000), "too_large");
        put(real, expected, "gray16.png", ImageDecoderTest.encode(
                ImageDecoderTest.gradient(20, 30, BufferedImage.TYPE_USHORT_GRAY), "png"), "ok");
        put(real, expected, "palette.png", ImageDecoderTest.encode(ImageDecoderTest.filled(0x808080), "png"), "ok");
        put(real, expected, "rgba.png", ImageDecoderTest.encode(
                ImageDecoderTest.gradient(40, 40, BufferedImage.TYPE_INT_ARGB), "png"), "ok");
        put(real, expected, "animated.gif", animatedGif(), "ok");
        put(real, expected, "tiny.png", ImageDecoderTest.encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png"), "ok");
        put(real, expected, "large.jpg", jpeg, "ok");
        Files.createDirectories(real.resolve("copy"));
        Files.copy(good.get(1), real.resolve("copy").resolve(good.get(1).getFileName()));
        Path gen = tmp.resolve("gen");
        DemoData.copy("generated/pca-4", 4, gen);

        Map<String, String> cli = TestJobs.fast(real.toString(), "g=" + gen, tmp.resolve("out"), "corpus");
        cli.put("ascore.decode.max-pixels", "50000000");
        RunResult r = new ScoreJob(spark, TestJobs.config(cli)).run();

        List<Row> rows = spark.read().parquet(tmp.resolve("out").resolve("scores").toString())
                .where(col("run_id").equalTo("corpus")).collectAsList();
        int files = 6 + expected.size() + 1 + 4;
        assertEquals(files, rows.size());
        assertEquals(files, r.files());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Row row = rows.stream().filter(x -> ((String) x.getAs("path")).endsWith("/" + e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + e.getKey()));
            assertEquals(e.getValue(), row.getAs("status"), e.getKey() + ": " + row.getAs("error"));
            if (!"ok".equals(e.getValue())) {
                assertNotNull(row.getAs("error"), e.getKey());
            }
        }
        Row bomb = rows.stream().filter(x -> ((String) x.getAs("path")).endsWith("bomb.png")).findFirst().orElseThrow();
        assertEquals(30000, (int) bomb.getAs("width"));
        assertTrue(((String) bomb.getAs("error")).contains("ascore.decode.max-pixels"));
        // The same bytes under two paths: two rows, one image_id (dedupe by image_id in SQL if wanted).
        String name = good.get(1).getFileName().toString();
        List<Row> dup = rows.stream().filter(x -> ((String) x.getAs("path")).endsWith("/" + name)).toList();
        assertEquals(2, dup.size());
        assertEquals((String) dup.get(0).getAs("image_id"), dup.get(1).getAs("image_id"));
        assertEquals((Double) dup.get(0).getAs("complexity"), dup.get(1).getAs("complexity"));
    }

    private static void put(Path dir, Map<String, String> expected, String name, byte[] bytes, String status)
            throws IOException {
        Files.write(dir.resolve(name), bytes);
        expected.put(name, status);
    }

    private static byte[] animatedGif() throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int frame = 0; frame < 3; frame++) {
                BufferedImage img = ImageDecoderTest.gradient(16 + frame, 16, BufferedImage.TYPE_INT_RGB);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
                writer.writeToSequence(new IIOImage(img, null, meta), null);
            }
            writer.endWriteSequence();
        }
        return out.toByteArray();
    }
}
