package org.ascore.pipeline;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.split;

/**
 * Which images share a scoring batch. In float32 an image's V depends on the other images of its
 * batch (kernel rounding, amplified by the attack's sign()), so the batches must depend only on the
 * images: not on the partition count, the executors, their cores or task retries. All rows are
 * ranked by one global order (source and file name, then path), batch {@code rank / batchSize}
 * holds consecutive ranks, and whole batches are dealt out to the partitions.
 */
public final class Batches {
    /** The column holding a row's batch number. */
    public static final String BATCH = "batch";
    /** Automatic partition count: about this many batches per partition. */
    static final int BATCHES_PER_PARTITION = 4;
    private static final int MAX_AUTO_PARTITIONS = 100_000;

    private Batches() {
    }

    /**
     * The automatic partition count: about {@value #BATCHES_PER_PARTITION} batches per partition,
     * at least the parallelism so that every core has work.
     */
    static int partitions(long rows, int batchSize, int parallelism) {
        long perPartition = (long) batchSize * BATCHES_PER_PARTITION;
        return (int) Math.max(parallelism, Math.min(MAX_AUTO_PARTITIONS, (rows + perPartition - 1) / perPartition));
    }

    /** At most as many partitions as {@code rows} make batches, and at least one. */
    static int cap(int partitions, long rows, int batchSize) {
        return (int) Math.max(1, Math.min(partitions, (rows + batchSize - 1) / batchSize));
    }

    /**
     * The rows plus a {@value #BATCH} column, in {@code partitions} partitions each holding whole
     * batches, sorted by batch and rank so that {@link #cut} sees a batch's rows together.
     * Files of one source with the same name are ordered by their paths, which differ only below
     * the common root, so the same files under another root are batched alike.
     */
    static Dataset<Row> assign(Dataset<Row> rows, int batchSize, int partitions) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Column key = concat_ws("/", col("source"), element_at(split(col("path"), "/"), -1));
        StructType schema = rows.schema().add(BATCH, DataTypes.LongType, false);
        // The sort is total (the path is unique within a source), so ranks are the same on every
        // recomputation; zipWithIndex numbers the sorted partitions in order.
        JavaPairRDD<Long, Row> ranked = rows.orderBy(key, col("path")).javaRDD().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        JavaRDD<Row> spread = ranked.repartitionAndSortWithinPartitions(new ByBatch(partitions, batchSize))
                .map(t -> withBatch(t._2(), t._1() / batchSize));
        return rows.sparkSession().createDataFrame(spread, schema);
    }

    private static Row withBatch(Row row, long batch) {
        Object[] values = new Object[row.length() + 1];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        values[row.length()] = batch;
        return RowFactory.create(values);
    }

    /**
     * Groups consecutive rows with the same {@value #BATCH} into one list, as {@link #assign} laid
     * them out.
     */
    static Iterator<List<Row>> cut(Iterator<Row> rows) {
        return new Iterator<>() {
            private Row lookahead;

            @Override
            public boolean hasNext() {
                return lookahead != null || rows.hasNext();
            }

            @Override
            public List<Row> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row first = lookahead != null ? lookahead : rows.next();
                lookahead = null;
                long batch = batchOf(first);
                List<Row> out = new ArrayList<>();
                out.add(first);
                while (rows.hasNext()) {
                    Row r = rows.next();
                    if (batchOf(r) != batch) {
                        lookahead = r;
                        break;
                    }
                    out.add(r);
                }
                return out;
            }
        };
    }

    private static long batchOf(Row row) {
        return row.<Long>getAs(BATCH);
    }

    /** Deals batches round-robin: partition = batch mod partitions, so partitions differ by at most one batch. */
    private static final class ByBatch extends Partitioner {
        private final int partitions;
        private final int batchSize;

        ByBatch(int partitions, int batchSize) {
            this.partitions = partitions;
            this.batchSize = batchSize;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object rank) {
            return (int) ((Long) rank / batchSize % partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByBatch b && b.partitions == partitions && b.batchSize == batchSize;
        }

        @Override
        public int hashCode() {
            return 31 * partitions + batchSize;
        }
    }
}
