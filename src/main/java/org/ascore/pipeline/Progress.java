package org.ascore.pipeline;

import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Logs images scored / total, images per second and an ETA while the scoring stage runs. Executors
 * report their counts through an accumulator with their heartbeats and at task end.
 */
public final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final LongAccumulator scored;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;

    public Progress(LongAccumulator scored, long total, int intervalSeconds) {
        this.scored = scored;
        this.total = total;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ascore-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::log, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private void log() {
        LOG.info(line(scored.value(), total, (System.nanoTime() - startNanos) / 1e9));
    }

    static String line(long done, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? String.format(Locale.ROOT, "%.0f s", (total - done) / rate) : "-";
        return String.format(Locale.ROOT, "scored %d/%d images (%.1f%%), %.1f images/s, ETA %s",
                done, total, total == 0 ? 100.0 : 100.0 * done / total, rate, eta);
    }

    /** Seconds since the stage started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        log();
    }
}
