package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.ascore.metric.ImageScore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores one partition on an executor, batch by batch: {@link ImagePreparer} reads, decodes and
 * preprocesses the next batch in the background while {@link LeasedScorer} scores the current one
 * with the JVM's shared model, and {@link ScoreRows} makes the rows. Every input row yields exactly
 * one output row; a file that cannot be scored gets a status instead of failing the task.
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
        private Future<PreparedImage[]> pending;
        private final Configuration conf = hadoopConf.value().value();
        private final ImagePreparer preparer = new ImagePreparer(settings, conf);
        private final LeasedScorer scorer = new LeasedScorer(settings, conf, engineUse);
        private final ScoreRows writer = new ScoreRows(settings);

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
                PreparedImage[] prepared = await(pending);
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
                PreparedImage[] prepared = new PreparedImage[rows.size()];
                for (int i = 0; i < prepared.length; i++) {
                    prepared[i] = preparer.prepare(rows.get(i));
                }
                return prepared;
            });
        }

        private PreparedImage[] await(Future<PreparedImage[]> future) {
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

        private List<Row> scoreBatch(List<Row> batch, PreparedImage[] prepared) {
            List<PreparedImage> scorable = Arrays.stream(prepared).filter(PreparedImage::scorable).toList();
            if (!scorable.isEmpty()) {
                List<ImageScore> scores = scorer.score(scorable);
                inferred.add(scorable.size());
                for (int k = 0; k < scorable.size(); k++) {
                    scorable.get(k).score = scores.get(k);
                }
            }
            List<Row> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(writer.of(batch.get(i), prepared[i]));
            }
            scored.add(batch.size());
            return out;
        }
    }
}
