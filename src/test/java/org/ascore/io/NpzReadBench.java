package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRow;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.ascore.Status;
import scala.jdk.javaapi.CollectionConverters;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test) of reading NumPy sample files without Spark: for each file, the driver's
 * listing ({@link NpzArrays#slices}), then every slice's rows as an executor makes them
 * ({@link NpzArrays.Rows}), each row's bytes ({@link ImageBytes#read}) and its decoding to an
 * image ({@link ImageDecoder}), one image at a time as a scoring task does. Prints images/s, MB/s
 * of pixels, the CPU time of the thread, and the heap: the sum of the heap pools' peaks (an upper
 * bound of the peak in use, garbage included) and the largest heap in use right after a GC (the
 * live set). Beside the readers it times, which are package-private. See BENCHMARKS.md §12.
 *
 * <p>Usage: {@code $J -Xmx768m org.ascore.io.NpzReadBench FILE...}
 */
public final class NpzReadBench {
    private static final long MAX_BYTES = 256L << 20;

    private NpzReadBench() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = new Configuration();
        ImageDecoder decoder = new ImageDecoder(100_000_000);
        System.out.printf(Locale.ROOT, "# java %s, %d processors, max heap %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| file | images | wall s | images/s | MB/s of pixels | thread CPU s | heap peak MiB "
                + "(sum of pool peaks) | live heap after GC, max MiB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String file : args) {
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            LiveHeap live = new LiveHeap();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long images = 0;
            long pixels = 0;
            NpzArrays.Listing listing = NpzArrays.slices(file, conf);
            if (!listing.unreadable().isEmpty()) {
                throw new IllegalStateException(listing.unreadable().toString());
            }
            NpzArrays.Rows rows = new NpzArrays.Rows("generated", "bench", MAX_BYTES, conf);
            for (NpzArrays.Slice s : listing.slices()) {
                for (Iterator<Row> it = rows.call(s); it.hasNext(); ) {
                    Row row = asSparkGivesIt(it.next());
                    InputImage image = ImageBytes.read(row, conf, MAX_BYTES).orElseThrow();
                    DecodedImage d = decoder.decode(image);
                    if (d.status() != Status.OK) {
                        throw new IllegalStateException(d.status() + ": " + d.error());
                    }
                    images++;
                    pixels += image.bytes().length;
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.0f | %.0f | %.1f | %d | %d |%n", file, images, wall,
                    images / wall, pixels / 1e6 / wall, cpu, peak >> 20, live.max() >> 20);
        }
    }

    /** The row as Spark hands it to the scoring task: with its schema, the shape array as a Seq. */
    private static Row asSparkGivesIt(Row made) {
        Object[] values = ((GenericRow) made).values().clone();
        int shape = InputRows.SCHEMA.fieldIndex("shape");
        if (values[shape] != null) {
            values[shape] = CollectionConverters.asScala(Arrays.asList((Integer[]) values[shape])).toSeq();
        }
        return new GenericRowWithSchema(values, InputRows.SCHEMA);
    }

    /** The largest heap in use right after a collection, over the collections since it was made. */
    private static final class LiveHeap {
        private final AtomicLong max = new AtomicLong();

        LiveHeap() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                    if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                        long used = info.getMemoryUsageAfterGc().entrySet().stream()
                                .filter(e -> HEAP_POOLS.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                        max.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
        }

        long max() {
            return max.get();
        }
    }

    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());
}
