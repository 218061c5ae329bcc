package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.ascore.Status;
import org.ascore.io.DecodedImage;
import org.ascore.io.ImageBytes;
import org.ascore.io.ImageDecoder;
import org.ascore.io.InputImage;
import org.ascore.metric.ImageScore;
import org.ascore.metric.NoiseSource;
import org.ascore.model.Preprocessor;

import java.io.IOException;
import java.util.Optional;

/**
 * Bytes to model input, for one input row: reads the file or archive member, decodes it, applies
 * the card's preprocessing and draws the image's noise. Failures become a status on the result,
 * never an exception, so one bad file cannot fail its task.
 */
final class ImagePreparer {
    private final ScoreSettings settings;
    private final Configuration conf;
    private final ImageDecoder decoder;
    private final Preprocessor preprocessor;
    private final NoiseSource noise;

    ImagePreparer(ScoreSettings settings, Configuration conf) {
        this.settings = settings;
        this.conf = conf;
        this.decoder = new ImageDecoder(settings.maxPixels());
        this.preprocessor = settings.card().spec().preprocessor();
        this.noise = new NoiseSource(settings.metric().seed(), settings.card().name());
    }

    PreparedImage prepare(Row row) {
        String path = row.getString(2);
        InputImage image;
        try {
            Optional<InputImage> read = ImageBytes.read(row, conf, settings.maxBytes());
            if (read.isEmpty()) {
                return PreparedImage.failed(null, ImageScore.failed(Status.TOO_LARGE,
                        "file is larger than ascore.decode.max-bytes = " + settings.maxBytes()));
            }
            image = read.get();
        } catch (IOException | RuntimeException e) {
            return PreparedImage.failed(null, ImageScore.failed(Status.READ_ERROR, "cannot read " + path + ": " + e));
        }
        String imageId = image.imageId();
        DecodedImage decoded = decoder.decode(image);
        if (!decoded.isOk()) {
            PreparedImage p = PreparedImage.failed(imageId, ImageScore.failed(decoded.status(), decoded.error()));
            p.width = decoded.widthOrNull();
            p.height = decoded.heightOrNull();
            return p;
        }
        PreparedImage p = new PreparedImage(imageId);
        p.width = decoded.image().getWidth();
        p.height = decoded.image().getHeight();
        try {
            p.pixels = preprocessor.toChw(decoded.image());
            // Drawn here, on the prefetch thread, so the device never waits for the generator.
            NoiseSource.Draws draws = noise.draw(imageId, p.pixels.length, settings.metric());
            p.noise = draws.direction();
            p.jitter = draws.jitter();
        } catch (RuntimeException e) {
            p.pixels = null;
            p.score = ImageScore.failed(Status.DECODE_ERROR, "cannot preprocess the decoded image: " + e);
        }
        return p;
    }
}
