package org.ascore.bench;

import org.ascore.io.DecodedImage;
import org.ascore.io.ImageDecoder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measurement (not a test) of how far ascore's decoding of lossy WebP is from Pillow's: for each
 * NAME.webp of a folder written by src/bench/python/webp_pillow_fixtures.py, the largest, 99th
 * percentile and mean absolute difference per RGB sample against NAME.webp.rgb. See docs/inputs.md.
 *
 * <p>Usage: {@code $J org.ascore.bench.WebpPillowBench /tmp/webp-measure}
 */
public final class WebpPillowBench {
    private WebpPillowBench() {
    }

    public static void main(String[] args) throws IOException {
        ImageDecoder decoder = new ImageDecoder(100_000_000);
        List<Path> files;
        try (var s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".webp")).sorted().toList();
        }
        System.out.println("| picture | w × h | max | p99 | mean |");
        System.out.println("|---|---|---:|---:|---:|");
        for (Path f : files) {
            DecodedImage d = decoder.decode(Files.readAllBytes(f));
            if (!d.isOk()) {
                throw new IllegalStateException(f + ": " + d.error());
            }
            BufferedImage img = d.image();
            byte[] ref = Files.readAllBytes(Path.of(f + ".rgb"));
            int w = img.getWidth();
            int h = img.getHeight();
            int[] diffs = new int[w * h * 3];
            long sum = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = img.getRGB(x, y);
                    int[] got = {(argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF};
                    for (int k = 0; k < 3; k++) {
                        int i = (y * w + x) * 3 + k;
                        diffs[i] = Math.abs(got[k] - (ref[i] & 0xFF));
                        sum += diffs[i];
                    }
                }
            }
            Arrays.sort(diffs);
            System.out.printf(Locale.ROOT, "| %s | %d × %d | %d | %d | %.2f |%n", f.getFileName(), w, h,
                    diffs[diffs.length - 1], diffs[(int) (diffs.length * 0.99)], (double) sum / diffs.length);
        }
    }
}
