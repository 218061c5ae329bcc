package org.ascore.report;

import org.apache.hadoop.conf.Configuration;
import org.ascore.report.RunReport.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thumbnails through the Hadoop local file system, without Spark. */
class ThumbnailsTest {
    @TempDir
    Path tmp;

    final Thumbnails thumbnails = new Thumbnails(new Configuration(), ReportOptions.defaults());

    @Test
    void smallGreyImagesKeepTheirPixelsAsPng() throws IOException {
        Path demo = Path.of("src/demo/real").resolve(Files.list(Path.of("src/demo/real")).sorted().findFirst()
                .orElseThrow().getFileName());
        Image img = thumbnails.load(demo.toUri().toString());
        assertNotNull(img);
        assertTrue(img.dataUri().startsWith("data:image/png;base64,"));
        assertEquals(28, img.width());
        BufferedImage back = decode(img);
        assertEquals(28, back.getHeight());
    }

    @Test
    void largePhotosAreScaledDownAndMayBecomeJpeg() throws IOException {
        BufferedImage photo = new BufferedImage(640, 320, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < 320; y++) {
            for (int x = 0; x < 640; x++) {
                photo.setRGB(x, y, (x * 255 / 640) << 16 | (y * 255 / 320) << 8 | r.nextInt(64));
            }
        }
        Path file = tmp.resolve("photo.png");
        ImageIO.write(photo, "png", file.toFile());
        Image img = thumbnails.load(file.toString());
        assertNotNull(img);
        assertEquals(96, img.width());
        assertEquals(48, img.height());
        assertTrue(img.dataUri().startsWith("data:image/jpeg;base64,") || img.dataUri().startsWith("data:image/png;"));
        assertTrue(img.dataUri().length() < 12_000, "thumbnail size " + img.dataUri().length());
        assertEquals(96, decode(img).getWidth());
    }

    @Test
    void unreadableFilesGiveNoThumbnailInsteadOfFailingTheReport() throws IOException {
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        Map<String, Image> all = thumbnails.loadAll(List.of(text.toString(), tmp.resolve("missing.png").toString(),
                "nosuchscheme://x/y.png"));
        assertEquals(3, all.size());
        all.values().forEach(v -> assertNull(v));
    }

    @Test
    void filesOverTheByteLimitAreNotRead() throws IOException {
        Path file = tmp.resolve("big.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());
        Thumbnails tiny = new Thumbnails(new Configuration(), new ReportOptions(12, 20, 96, 10, 1000, 2000, 401, 100, 48));
        assertNull(tiny.load(file.toString()));
    }

    private static BufferedImage decode(Image img) throws IOException {
        String b64 = img.dataUri().substring(img.dataUri().indexOf(',') + 1);
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
    }
}
