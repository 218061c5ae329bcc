package org.ascore.pipeline;

import ai.djl.Device;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.ascore.config.ModelCard;
import org.ascore.io.ModelFetch;
import org.ascore.metric.ImageScore;
import org.ascore.metric.ImageScorer;
import org.ascore.model.DeviceChoice;
import org.ascore.model.ForwardBatch;
import org.ascore.model.ModelLoadException;
import org.ascore.model.ModelRegistry;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pixels to scores, for one batch on an executor: picks the task's device, leases the JVM's shared
 * model for it and scores the batch through {@link SplittingScorer}, which halves a batch the
 * model cannot take.
 */
final class LeasedScorer {
    private final ScoreSettings settings;
    private final Configuration conf;
    private final EngineUse engineUse;

    LeasedScorer(ScoreSettings settings, Configuration conf, EngineUse engineUse) {
        this.settings = settings;
        this.conf = conf;
        this.engineUse = engineUse;
    }

    /** Scores every image of the batch (all {@link PreparedImage#scorable()}), in order. */
    List<ImageScore> score(List<PreparedImage> batch) {
        Device device = device();
        int forwardBatch = ForwardBatch.of(device, settings.batchSize(), settings.metric().complexity().steps());
        try (ModelRegistry.Lease lease = ModelRegistry.acquire(settings.card().spec(), localModelFile(), device,
                TorchThreads.forThisExecutor(settings.torchThreads()), forwardBatch, settings.batchSize())) {
            engineUse.record(device);
            ImageScorer scorer = new ImageScorer(lease.model(), settings.metric());
            List<String> ids = batch.stream().map(p -> p.imageId).toList();
            List<float[]> pixels = batch.stream().map(p -> p.pixels).toList();
            // SplittingScorer hands back sub-lists of ids; ids are unique within a batch.
            Map<String, PreparedImage> byId = new HashMap<>();
            batch.forEach(p -> byId.put(p.imageId, p));
            return new SplittingScorer((subIds, subPixels) -> scorer.score(
                    subPixels.toArray(new float[0][]),
                    subIds.stream().map(id -> byId.get(id).noise).toArray(float[][]::new),
                    subIds.stream().map(id -> byId.get(id).jitter).toArray(float[][]::new)),
                    lease.failureStreak()).score(ids, pixels);
        }
    }

    /**
     * The copy of the model file Spark shipped to this executor, or, when a session did not ship
     * it (Spark 4 artifact isolation), a copy fetched once per JVM through Hadoop.
     */
    private Path localModelFile() {
        Path shipped = Path.of(SparkFiles.get(settings.modelFileName()));
        if (Files.isRegularFile(shipped)) {
            return shipped;
        }
        ModelCard card = settings.card();
        try {
            return ModelFetch.localCopy(card.fileUri(), card.sha256(), card.name(), conf);
        } catch (UncheckedIOException e) {
            throw new ModelLoadException(e.getMessage(), e.getCause());
        }
    }

    private Device device() {
        TaskContext ctx = TaskContext.get();
        List<String> gpus = List.of();
        if (ctx != null) {
            ResourceInformation gpu = ctx.resourcesJMap().get("gpu");
            if (gpu != null) {
                gpus = Arrays.asList(gpu.addresses());
            }
        }
        return DeviceChoice.resolve(settings.device(), gpus);
    }
}
