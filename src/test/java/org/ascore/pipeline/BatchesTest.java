package org.ascore.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ascore.io.InputRows;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchesTest {
    private static final int BATCH = 7;

    @Test
    void batchesAreTheSameForEveryPartitionCountAndInputLayout() {
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = inputRows();
        // The reference, computed here without Spark: sort by (source/file name, path), cut every BATCH.
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Row r) -> r.getString(1) + "/" + fileName(r.getString(2)))
                .thenComparing(r -> r.getString(2)));
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += BATCH) {
            expected.add(sorted.subList(i, Math.min(sorted.size(), i + BATCH)).stream().map(r -> r.getString(2)).toList());
        }

        for (int inputPartitions : new int[] {1, 4}) {
            Dataset<Row> input = spark.createDataFrame(rows, InputRows.SCHEMA).repartition(inputPartitions);
            for (int partitions : new int[] {1, 2, 3, 5, 40}) {
                List<List<Row>> layout = Batches.assign(input, BATCH, partitions).javaRDD().glom().collect();
                assertEquals(partitions, layout.size());
                Map<Long, List<String>> batches = new HashMap<>();
                for (List<Row> partition : layout) {
                    Iterator<List<Row>> cut = Batches.cut(partition.iterator());
                    while (cut.hasNext()) {
                        List<Row> batch = cut.next();
                        long number = batch.get(0).getAs(Batches.BATCH);
                        assertFalse(batches.containsKey(number), "batch " + number + " is split up (partitions = "
                                + partitions + ")");
                        batches.put(number, batch.stream().map(r -> r.getString(2)).toList());
                    }
                }
                assertEquals(expected.size(), batches.size());
                for (int b = 0; b < expected.size(); b++) {
                    assertEquals(expected.get(b), batches.get((long) b), "batch " + b + " with " + partitions
                            + " partitions from " + inputPartitions);
                }
                int most = layout.stream().mapToInt(List::size).max().orElseThrow();
                int least = layout.stream().mapToInt(List::size).min().orElseThrow();
                assertTrue(most - least <= BATCH, "partitions hold " + least + " to " + most + " rows");
            }
        }
    }

    @Test
    void cutGroupsConsecutiveRowsOfOneBatch() {
        StructType schema = new StructType().add("path", DataTypes.StringType).add(Batches.BATCH, DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        long[] numbers = {3, 3, 3, 8, 1, 1};
        for (int i = 0; i < numbers.length; i++) {
            rows.add(new GenericRowWithSchema(new Object[] {"p" + i, numbers[i]}, schema));
        }
        List<List<String>> out = new ArrayList<>();
        Batches.cut(rows.iterator()).forEachRemaining(b -> out.add(b.stream().map(r -> r.getString(0)).toList()));
        assertEquals(List.of(List.of("p0", "p1", "p2"), List.of("p3"), List.of("p4", "p5")), out);
        assertFalse(Batches.cut(Collections.emptyIterator()).hasNext());
    }

    @Test
    void automaticPartitionsHoldAboutFourBatchesAndNeverFewerThanTheParallelism() {
        assertEquals(2, Batches.partitions(10, 8, 2));
        assertEquals(32, Batches.partitions(1000, 8, 2));
        assertEquals(32, Batches.partitions(1024, 8, 2));
        assertEquals(33, Batches.partitions(1025, 8, 2));
        assertEquals(64, Batches.partitions(1000, 8, 64));
        assertEquals(100_000, Batches.partitions(1L << 40, 8, 2));
    }

    @Test
    void noMorePartitionsThanBatchesSoNoTaskIsEmpty() {
        assertEquals(2, Batches.cap(8, 10, 8));
        assertEquals(1, Batches.cap(8, 3, 8));
        assertEquals(1, Batches.cap(8, 0, 8));
        assertEquals(8, Batches.cap(8, 1000, 8));
    }

    /** Three sources whose files share names, in a shuffled order, with two roots for one source. */
    private static List<Row> inputRows() {
        List<Row> rows = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        Random random = new Random(5);
        String[][] sources = {{"real", "file:/data/real/"}, {"gen-a", "file:/data/a/"}, {"gen-b", "file:/x/b/"}};
        for (String[] s : sources) {
            for (int i = 0; i < 23; i++) {
                String path = s[1] + (s[0].equals("gen-b") && i % 3 == 0 ? "sub/" : "") + "img-" + random.nextInt(40)
                        + ".png";
                if (paths.add(path)) {
                    rows.add(RowFactory.create(s[0].equals("real") ? "real" : "generated", s[0], path, null, null, null, null, null, null, null));
                }
            }
        }
        Collections.shuffle(rows, random);
        return rows;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
