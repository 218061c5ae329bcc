package org.ascore.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One loaded model per JVM, card and device, shared by every task of an executor and reused across
 * partitions. Access is serialized per model: libtorch already spreads one forward over the
 * executor's cores, and serializing keeps the thread-local grad mode and the model's first-call
 * initialization (not thread-safe in DJL) free of races. Tasks decode and preprocess outside the lock.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Map<String, Entry> MODELS = new ConcurrentHashMap<>();
    private static volatile boolean threadsSet;

    private ModelRegistry() {
    }

    /**
     * Borrows the model for exclusive use, loading it on first use in this JVM.
     *
     * @param localFile    the TorchScript file on local disk; verified against the card's sha256
     * @param threads      libtorch intra-op threads for this JVM (0 = libtorch's default); only the
     *                     first call in a JVM sets it
     * @param forwardBatch most images per network call
     * @param batchSize    images per scoring batch; the load-time {@link ModelProbe} runs at it on a
     *                     GPU (where memory is what a full batch checks) and at most
     *                     {@link ModelProbe#CPU_BATCH} on a CPU, where a full batch of a large
     *                     backbone would cost minutes
     */
    public static Lease acquire(ModelSpec spec, Path localFile, Device device, int threads, int forwardBatch,
                                int batchSize) {
        String key = spec.name() + "|" + spec.sha256() + "|" + device;
        Entry e = MODELS.computeIfAbsent(key, k -> {
            setThreads(threads);
            ModelFiles.verify(localFile, spec.sha256(), spec.name());
            int probeBatch = device.isGpu() ? batchSize : Math.min(batchSize, ModelProbe.CPU_BATCH);
            return new Entry(probed(DjlFeatureModel.load(localFile, spec, device, forwardBatch), spec, probeBatch));
        });
        e.lock.lock();
        return new Lease(e);
    }

    private static FeatureModel probed(FeatureModel model, ModelSpec spec, int batchSize) {
        try {
            ModelProbe.check(model, spec.featureDim(), batchSize);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static synchronized void setThreads(int threads) {
        if (!threadsSet && threads > 0) {
            // The native library is loaded with the engine; in a fresh executor JVM it is not yet.
            Engine.getEngine("PyTorch");
            JniUtils.setNumThreads(threads);
            LOG.info("libtorch intra-op threads: {}", threads);
        }
        threadsSet = true;
    }

    /** Unloads every model; for tests and shutdown hooks. */
    public static synchronized void clear() {
        MODELS.values().forEach(e -> {
            e.lock.lock();
            try {
                e.model.close();
            } finally {
                e.lock.unlock();
            }
        });
        MODELS.clear();
    }

    private static final class Entry {
        final FeatureModel model;
        final FailureStreak streak;
        final ReentrantLock lock = new ReentrantLock();

        Entry(FeatureModel model) {
            this.model = model;
            this.streak = new FailureStreak(model.name());
        }
    }

    /** Exclusive use of a model until closed. */
    public static final class Lease implements AutoCloseable {
        private final Entry entry;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public FeatureModel model() {
            return entry.model;
        }

        /** The model's failure streak in this JVM, shared by every task that scores with it. */
        public FailureStreak failureStreak() {
            return entry.streak;
        }

        @Override
        public void close() {
            entry.lock.unlock();
        }
    }
}
