package org.ascore.report;

import org.apache.hadoop.conf.Configuration;
import org.ascore.io.DecodedImage;
import org.ascore.io.ImageDecoder;
import org.ascore.io.ImagePaths;
import org.ascore.io.InputImage;
import org.ascore.report.RunReport.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Small embeddable copies of input images. They are read back from their scores path
 * ({@link ImagePaths}: files through the Hadoop FileSystem API, archive members) and decoded by the pipeline's own {@link ImageDecoder}, with its limits,
 * because a report must not be the place where a hostile file exhausts the driver.
 */
final class Thumbnails {
    private static final Logger LOG = LoggerFactory.getLogger(Thumbnails.class);
    private static final int PARALLEL_READS = 8;

    private final Configuration conf;
    private final ReportOptions options;
    private final ImageDecoder decoder;

    Thumbnails(Configuration conf, ReportOptions options) {
        this.conf = conf;
        this.options = options;
        this.decoder = new ImageDecoder(options.maxImagePixels());
    }

    /** {@link #loadAll(Collection, int)} at the ranking thumbnails' size. */
    Map<String, Image> loadAll(Collection<String> uris) {
        return loadAll(uris, options.thumbnailSide());
    }

    /**
     * {@link #load} of every URI, fitted to {@code side}, a few at a time: on an object store each
     * read is a round trip, and a report can show hundreds of thumbnails. Images of compressed .npz
     * arrays are read first, one pass per array. Unreadable files map to null.
     */
    Map<String, Image> loadAll(Collection<String> uris, int side) {
        Map<String, Image> out = new HashMap<>();
        if (uris.isEmpty()) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_READS, uris.size()), r -> {
            Thread t = new Thread(r, "ascore-thumbnails");
            t.setDaemon(true);
            return t;
        });
        Map<String, InputImage> inflated = ImagePaths.readCompressedArrays(uris, conf, options.maxImageBytes());
        try {
            Map<String, Future<Image>> pending = new LinkedHashMap<>();
            for (String uri : uris) {
                InputImage read = inflated.get(uri);
                pending.putIfAbsent(uri, pool.submit(() -> read != null ? thumbnail(uri, read, side) : load(uri, side)));
            }
            for (Map.Entry<String, Future<Image>> e : pending.entrySet()) {
                out.put(e.getKey(), e.getValue().get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading thumbnails", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading thumbnails failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #load(String, int)} at the ranking thumbnails' size. */
    Image load(String uri) {
        return load(uri, options.thumbnailSide());
    }

    /**
     * The picture of {@code uri}, fitted to a side × side box, as a data: URI, or null (logged) when
     * it cannot be read or decoded.
     */
    Image load(String uri, int side) {
        Optional<InputImage> image;
        try {
            image = ImagePaths.read(uri, conf, options.maxImageBytes());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("No thumbnail for {}: {}", uri, e.toString());
            return null;
        }
        if (image.isEmpty()) {
            LOG.warn("No thumbnail for {}: more than the limit of {} bytes", uri, options.maxImageBytes());
            return null;
        }
        return thumbnail(uri, image.get(), side);
    }

    private Image thumbnail(String uri, InputImage image, int side) {
        DecodedImage decoded = decoder.decode(image);
        if (!decoded.isOk()) {
            LOG.warn("No thumbnail for {}: {} ({})", uri, decoded.status().code(), decoded.error());
            return null;
        }
        try {
            return encode(fit(decoded.image(), side));
        } catch (IOException | RuntimeException e) {
            LOG.warn("No thumbnail for {}: {}", uri, e.toString());
            return null;
        }
    }

    /** Scales down (never up) to fit a side × side box, keeping the aspect ratio. */
    static BufferedImage fit(BufferedImage src, int side) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean grey = src.getColorModel().getNumColorComponents() == 1;
        int type = grey ? BufferedImage.TYPE_BYTE_GRAY
                : src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        double scale = Math.min(1.0, (double) side / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(tw, th, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            // Area averaging avoids the aliasing of a single bilinear step on large reductions.
            java.awt.Image scaled = scale < 0.5 ? src.getScaledInstance(tw, th, java.awt.Image.SCALE_AREA_AVERAGING) : src;
            g.drawImage(scaled, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** PNG, or JPEG where that is smaller (photographs without transparency). */
    static Image encode(BufferedImage img) throws IOException {
        byte[] png = write(img, "png");
        String mime = "image/png";
        byte[] best = png;
        if (!img.getColorModel().hasAlpha() && img.getColorModel().getNumColorComponents() == 3) {
            byte[] jpg = write(img, "jpg");
            if (jpg != null && jpg.length < png.length) {
                best = jpg;
                mime = "image/jpeg";
            }
        }
        return new Image("data:" + mime + ";base64," + Base64.getEncoder().encodeToString(best), img.getWidth(),
                img.getHeight());
    }

    private static byte[] write(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            if ("png".equals(format)) {
                throw new IOException("no PNG writer for image type " + img.getType());
            }
            return null;
        }
        return out.toByteArray();
    }
}
