package org.ascore.pipeline;

import ai.djl.Device;
import org.apache.hadoop.conf.Configuration;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;
import org.ascore.config.ModelCard;
import org.ascore.io.ModelFetch;
import org.ascore.model.DjlFeatureModel;
import org.ascore.model.ModelFiles;
import org.ascore.model.ModelLoadException;
import org.ascore.model.ModelProbe;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Loads the model on the driver and runs the {@link ModelProbe} on it before any Spark job, so a
 * model ascore cannot use is refused as a configuration error (exit code 2) in seconds instead of
 * failing image by image on the executors. Executors probe again when they load the model, on
 * their own device and at the full batch size.
 */
final class DriverModelProbe {
    private DriverModelProbe() {
    }

    /**
     * @param cardFile  where the card was read from, for the message
     * @param batchSize the job's scoring batch size
     */
    static void check(ModelCard card, String cardFile, Configuration conf, int batchSize) {
        int batch = Math.min(batchSize, ModelProbe.CPU_BATCH);
        try {
            Path local = "file".equals(card.fileUri().getScheme()) ? Path.of(card.fileUri())
                    : ModelFetch.localCopy(card.fileUri(), card.sha256(), card.name(), conf);
            ModelFiles.verify(local, card.sha256(), card.name());
            try (DjlFeatureModel model = DjlFeatureModel.load(local, card.spec(), Device.cpu(), batch)) {
                ModelProbe.check(model, card.featureDim(), batch);
            }
        } catch (ModelLoadException | UncheckedIOException e) {
            throw new ConfigException(JobConfig.Key.MODEL.key(), "model card " + cardFile + " (" + card.name()
                    + ") names a model ascore cannot use: " + e.getMessage(), e);
        }
    }
}
