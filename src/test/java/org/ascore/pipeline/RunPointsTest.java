package org.ascore.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class RunPointsTest {
    private static final StructType SCHEMA = new StructType()
            .add("split", DataTypes.StringType)
            .add("source", DataTypes.StringType)
            .add("complexity", DataTypes.DoubleType)
            .add("vulnerability", DataTypes.DoubleType)
            .add("as_i", DataTypes.DoubleType);

    @Test
    void setsArriveWholeInTableOrderAcrossPartitions() {
        SparkSession spark = SparkTestSession.get();
        Random random = new Random(7);
        String[][] sets = {{"real", "real"}, {"generated", "a"}, {"generated", "b"}};
        List<Row> rows = new ArrayList<>();
        // Interleaved sets and a null AS-i now and then, over more partitions than sets.
        for (int i = 0; i < 2_000; i++) {
            int s = random.nextInt(sets.length);
            double c = random.nextDouble();
            double v = random.nextGaussian();
            Double a = i % 97 == 0 ? null : v / c;
            rows.add(RowFactory.create(sets[s][0], sets[s][1], c, v, a));
        }
        Dataset<Row> table = spark.createDataFrame(rows, SCHEMA).repartition(7);
        List<Row> inTableOrder = table.collectAsList();
        assertEquals(2_000, inTableOrder.size());
        RunPoints points = RunPoints.collect(table);

        for (String[] set : sets) {
            List<Row> mine = inTableOrder.stream()
                    .filter(r -> r.getString(0).equals(set[0]) && r.getString(1).equals(set[1])).toList();
            RunPoints.Points p = points.get(set[0], set[1]);
            assertEquals(mine.size(), p.size(), set[1]);
            assertArrayEquals(mine.stream().mapToDouble(r -> r.getDouble(2)).toArray(), p.c(), set[1]);
            assertArrayEquals(mine.stream().mapToDouble(r -> r.getDouble(3)).toArray(), p.v(), set[1]);
            assertArrayEquals(mine.stream().mapToDouble(r -> r.isNullAt(4) ? Double.NaN : r.getDouble(4)).toArray(),
                    p.asIOrNaN(), set[1]);
            assertArrayEquals(mine.stream().filter(r -> !r.isNullAt(4)).mapToDouble(r -> r.getDouble(4)).toArray(),
                    p.asI(), set[1]);
        }
    }

    @Test
    void aSetWithoutRowsIsEmpty() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> table = spark.createDataFrame(List.of(RowFactory.create("real", "real", 0.5, 1.0, 2.0)), SCHEMA);
        RunPoints points = RunPoints.collect(table);
        assertEquals(1, points.get("real", "real").size());
        assertEquals(0, points.get("generated", "missing").size());
        assertEquals(0, RunPoints.collect(table.limit(0)).get("real", "real").size());
    }
}
