package org.ascore.pipeline;

import ai.djl.Device;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.ascore.Status;
import org.ascore.config.ModelCard;
import org.ascore.io.DecodedImage;
import org.ascore.io.ImageBytes;
import org.ascore.io.ImageDecoder;
import org.ascore.io.InputImage;
import org.ascore.io.ModelFetch;
import org.ascore.metric.ImageScore;
import org.ascore.metric.ImageScorer;
import org.ascore.metric.NoiseSource;
import org.ascore.model.DeviceChoice;
import org.ascore.model.ForwardBatch;
import org.ascore.model.ModelLoadException;
import org.ascore.model.ModelRegistry;
import org.ascore.model.Preprocessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores one partition on an executor: read, decode and preprocess each file, then score the
 * decodable ones batch by batch with the JVM's shared model. Every input row yields exactly one
 * output row; a file that cannot be scored gets a status instead of failing the task.
 */
public final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private final ScoreSettings settings;
    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final LongAccumulator scored;
    private final LongAccumulator inferred;
    private final EngineUse engineUse;

    /**
     * @param scored    counts rows produced, for progress
     * @param inferred  counts images sent through the model
     * @param engineUse gathers the engines and devices the model ran on
     */
    public ScorePartition(ScoreSettings settings, Broadcast<SerializableConfiguration> hadoopConf,
                          LongAccumulator scored, LongAccumulator inferred, EngineUse engineUse) {
        this.settings = settings;
        this.hadoopConf = hadoopConf;
        this.scored = scored;
        this.inferred = inferred;
        this.engineUse = engineUse;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new BatchIterator(input);
    }

    /**
     * Reads and decodes the next batch on a background thread while the current batch is on the
     * model, so the device does not wait for storage or ImageIO.
     */
    private static final ExecutorService PREFETCH = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ascore-prefetch");
        t.setDaemon(true);
        return t;
    });

    /**
     * Pulls one batch of input rows at a time (and prefetches one more), so a partition never sits
     * in memory whole. Batches are the ones {@link Batches#assign} numbered, whatever the partitioning.
     */
    private final class BatchIterator implements Iterator<Row> {
        private final Iterator<List<Row>> input;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private List<Row> pendingRows;
        private Future<Prepared[]> pending;
        private final ImageDecoder decoder = new ImageDecoder(settings.maxPixels());
        private final Preprocessor preprocessor = settings.card().spec().preprocessor();
        private final Configuration conf = hadoopConf.value().value();
        private final NoiseSource noise = new NoiseSource(settings.metric().seed(), settings.card().name());

        BatchIterator(Iterator<Row> input) {
            this.input = Batches.cut(input);
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && (pending != null || input.hasNext())) {
                if (pending == null) {
                    prefetchNext();
                }
                List<Row> rows = pendingRows;
                Prepared[] prepared = await(pending);
                pending = null;
                if (input.hasNext()) {
                    prefetchNext();
                }
                ready.addAll(scoreBatch(rows, prepared));
            }
            return !ready.isEmpty();
        }

        /** Takes the next batch of rows on the task thread and reads and decodes it in the background. */
        private void prefetchNext() {
            List<Row> rows = input.next();
            pendingRows = rows;
            pending = PREFETCH.submit(() -> {
                Prepared[] prepared = new Prepared[rows.size()];
                for (int i = 0; i < prepared.length; i++) {
                    prepared[i] = prepare(rows.get(i));
                }
                return prepared;
            });
        }

        private Prepared[] await(Future<Prepared[]> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading images", e);
            } catch (ExecutionException e) {
                // Whatever killed the reader kills the task, as it would have on the task thread.
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private List<Row> scoreBatch(List<Row> batch, Prepared[] prepared) {
            List<Integer> decodable = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (prepared[i].pixels != null) {
                    decodable.add(i);
                }
            }
            if (!decodable.isEmpty()) {
                List<String> ids = decodable.stream().map(i -> prepared[i].imageId).toList();
                List<float[]> pixels = decodable.stream().map(i -> prepared[i].pixels).toList();
                Map<String, Prepared> byId = new HashMap<>();
                decodable.forEach(i -> byId.put(prepared[i].imageId, prepared[i]));
                List<ImageScore> scores = score(ids, pixels, byId);
                inferred.add(ids.size());
                for (int k = 0; k < decodable.size(); k++) {
                    prepared[decodable.get(k)].score = scores.get(k);
                }
            }
            List<Row> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(toRow(batch.get(i), prepared[i]));
            }
            scored.add(batch.size());
            return out;
        }

        private Prepared prepare(Row row) {
            String path = row.getString(2);
            InputImage image;
            try {
                Optional<InputImage> read = ImageBytes.read(row, conf, settings.maxBytes());
                if (read.isEmpty()) {
                    return Prepared.failed(null, ImageScore.failed(Status.TOO_LARGE,
                            "file is larger than ascore.decode.max-bytes = " + settings.maxBytes()));
                }
                image = read.get();
            } catch (IOException | RuntimeException e) {
                return Prepared.failed(null, ImageScore.failed(Status.READ_ERROR, "cannot read " + path + ": " + e));
            }
            String imageId = image.imageId();
            DecodedImage decoded = decoder.decode(image);
            if (!decoded.isOk()) {
                Prepared p = Prepared.failed(imageId, ImageScore.failed(decoded.status(), decoded.error()));
                p.width = decoded.widthOrNull();
                p.height = decoded.heightOrNull();
                return p;
            }
            Prepared p = new Prepared(imageId);
            p.width = decoded.image().getWidth();
            p.height = decoded.image().getHeight();
            try {
                p.pixels = preprocessor.toChw(decoded.image());
                // Drawn here, on the prefetch thread, so the device never waits for the generator.
                NoiseSource.Draws draws = noise.draw(imageId, p.pixels.length, settings.metric());
                p.noise = draws.direction();
                p.jitter = draws.jitter();
            } catch (RuntimeException e) {
                p.score = ImageScore.failed(Status.DECODE_ERROR, "cannot preprocess the decoded image: " + e);
            }
            return p;
        }

        private List<ImageScore> score(List<String> ids, List<float[]> pixels, Map<String, Prepared> byId) {
            Device device = device();
            int forwardBatch = ForwardBatch.of(device, settings.batchSize(), settings.metric().complexity().steps());
            try (ModelRegistry.Lease lease = ModelRegistry.acquire(settings.card().spec(), localModelFile(), device,
                    TorchThreads.forThisExecutor(settings.torchThreads()), forwardBatch, settings.batchSize())) {
                engineUse.record(device);
                ImageScorer scorer = new ImageScorer(lease.model(), settings.metric());
                return new SplittingScorer((batchIds, batchPixels) -> scorer.score(
                        batchPixels.toArray(new float[0][]),
                        batchIds.stream().map(id -> byId.get(id).noise).toArray(float[][]::new),
                        batchIds.stream().map(id -> byId.get(id).jitter).toArray(float[][]::new)),
                        lease.failureStreak()).score(ids, pixels);
            }
        }

        /**
         * The copy of the model file Spark shipped to this executor, or, when a session did not ship
         * it (Spark 4 artifact isolation), a copy fetched once per JVM through Hadoop.
         */
        private java.nio.file.Path localModelFile() {
            java.nio.file.Path shipped = java.nio.file.Path.of(SparkFiles.get(settings.modelFileName()));
            if (java.nio.file.Files.isRegularFile(shipped)) {
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

        private Row toRow(Row in, Prepared p) {
            ImageScore s = p.score;
            return RowFactory.create(settings.runId(), Date.valueOf(settings.runDate()), settings.card().name(),
                    settings.card().sha256(), settings.paramsId(), in.getString(0), in.getString(1), in.getString(2),
                    p.imageId, p.width, p.height, s.complexity(), s.vulnerability(), s.asI(), s.status().code(),
                    s.error(), null, settings.outputFeatures() ? s.feature() : null);
        }
    }

    /** One input on its way to a row. */
    private static final class Prepared {
        final String imageId;
        Integer width;
        Integer height;
        float[] pixels;
        float[] noise;
        float[] jitter;
        ImageScore score;

        Prepared(String imageId) {
            this.imageId = imageId;
        }

        static Prepared failed(String imageId, ImageScore score) {
            Prepared p = new Prepared(imageId);
            p.score = score;
            return p;
        }
    }
}
