package org.ascore.pipeline;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.HashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Numbers rows 1, 2, ... within each source in a given order, as {@code row_number()} over a window
 * partitioned by source does, but without sending every row of a source to one task (at 10^8
 * generated images per source that task would sort gigabytes alone): one global sort by source and
 * the order, range-partitioned over the cluster, a global index ({@code zipWithIndex}), and per
 * source the index of its first row.
 */
final class SourceRanks {
    /** About 100 MB of rankings Parquet per file. */
    private static final long ROWS_PER_FILE = 1_000_000;

    private SourceRanks() {
    }

    /**
     * @param rows  rows with a string column {@code source}
     * @param order the order within a source; it must be total (end with a unique column), or
     *              equal rows get an arbitrary order, as with row_number()
     * @return the rows with an int column {@code rank} (1 = first in the order), in as many
     *         partitions as keep files near {@link #ROWS_PER_FILE} rows; close it after use
     */
    static Ranked number(Dataset<Row> rows, Column... order) {
        Column[] sort = new Column[order.length + 1];
        sort[0] = col("source").asc();
        System.arraycopy(order, 0, sort, 1, order.length);
        Dataset<Row> sorted = rows.orderBy(sort).persist(StorageLevel.MEMORY_AND_DISK());
        int sourceField = sorted.schema().fieldIndex("source");
        JavaPairRDD<Row, Long> indexed = sorted.javaRDD().zipWithIndex();
        // Per source: the global index of its first row, and its row count.
        Map<String, long[]> extent = new HashMap<>();
        indexed.mapToPair(t -> new Tuple2<>(t._1().getString(sourceField), new long[] {t._2(), 1}))
                .reduceByKey((a, b) -> new long[] {Math.min(a[0], b[0]), a[1] + b[1]})
                .collectAsMap().forEach(extent::put);
        long total = extent.values().stream().mapToLong(e -> e[1]).sum();
        Map<String, Long> first = new HashMap<>();
        extent.forEach((source, e) -> first.put(source, e[0]));
        Broadcast<Map<String, Long>> firstIndex = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext())
                .broadcast(first);
        JavaRDD<Row> numbered = indexed.map(t -> {
            Row r = t._1();
            Object[] values = new Object[r.length() + 1];
            for (int i = 0; i < r.length(); i++) {
                values[i] = r.get(i);
            }
            values[r.length()] = Math.toIntExact(t._2() - firstIndex.value().get(r.getString(sourceField)) + 1);
            return RowFactory.create(values);
        });
        int files = (int) Math.max(1, Math.min(numbered.getNumPartitions(), (total + ROWS_PER_FILE - 1) / ROWS_PER_FILE));
        Dataset<Row> out = rows.sparkSession()
                .createDataFrame(numbered, sorted.schema().add("rank", DataTypes.IntegerType, false))
                .coalesce(files);
        return new Ranked(out, sorted);
    }

    /** Numbered rows; closing releases the cached sort they are computed from. */
    record Ranked(Dataset<Row> rows, Dataset<Row> sorted) implements AutoCloseable {
        @Override
        public void close() {
            sorted.unpersist();
        }
    }
}
