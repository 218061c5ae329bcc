package org.ascore.pipeline;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.HashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * Numbers rows 1, 2, ... within each source in a given order, as {@code row_number()} over a window
 * partitioned by source does. A window sends every row of a source to one task: right for the
 * sizes of most runs, where it is one cheap job, but at 10^8 generated images per source that task
 * would sort gigabytes alone. Above {@link #WINDOW_MAX_ROWS} rows in a source the numbering comes
 * instead from one global sort by source and the order, range-partitioned over the cluster, a
 * global index ({@code zipWithIndex}), and per source the index of its first row.
 */
final class SourceRanks {
    /** About 100 MB of rankings Parquet per file, and what one task sorts without strain. */
    static final long WINDOW_MAX_ROWS = 1_000_000;

    private SourceRanks() {
    }

    /**
     * @param rows          rows with a string column {@code source}
     * @param largestSource the number of rows of the largest source
     * @param order         the order within a source; it must be total (end with a unique column), or
     *                      equal rows get an arbitrary order, as with row_number()
     * @return the rows with an int column {@code rank} (1 = first in the order), in partitions of
     *         at most about {@link #WINDOW_MAX_ROWS} rows; close it after use
     */
    static Ranked number(Dataset<Row> rows, long largestSource, Column... order) {
        if (largestSource <= WINDOW_MAX_ROWS) {
            Dataset<Row> numbered = rows.withColumn("rank", row_number().over(Window.partitionBy("source").orderBy(order)))
                    .repartition(col("source"));
            return new Ranked(numbered, null);
        }
        return distributed(rows, order);
    }

    /** The global-sort numbering; package-private so that tests can run it on small data. */
    static Ranked distributed(Dataset<Row> rows, Column... order) {
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
        int files = (int) Math.max(1, Math.min(numbered.getNumPartitions(), (total + WINDOW_MAX_ROWS - 1) / WINDOW_MAX_ROWS));
        Dataset<Row> out = rows.sparkSession()
                .createDataFrame(numbered, sorted.schema().add("rank", DataTypes.IntegerType, false))
                .coalesce(files);
        return new Ranked(out, sorted);
    }

    /** Numbered rows; closing releases the cached sort they are computed from, if any (may be null). */
    record Ranked(Dataset<Row> rows, Dataset<Row> cachedSort) implements AutoCloseable {
        @Override
        public void close() {
            if (cachedSort != null) {
                cachedSort.unpersist();
            }
        }
    }
}
