package org.ascore.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class SourceRanksTest {
    private static final StructType SCHEMA = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("dev", DataTypes.DoubleType, false)
            .add("as_i", DataTypes.DoubleType, false);

    @Test
    void theGlobalSortGivesTheRanksOfRowNumberOverAWindowPerSource() {
        SparkSession spark = SparkTestSession.get();
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        String[] sources = {"pca-4", "pca-16", "b", "heldout-real"};
        for (int i = 0; i < 3_000; i++) {
            // Few distinct values, so the later sort keys decide often.
            rows.add(RowFactory.create(sources[random.nextInt(sources.length)], "s3a://x/img-" + random.nextInt(1_000_000)
                    + "-" + i + ".png", random.nextInt(5) / 4.0, (double) random.nextInt(20)));
        }
        Dataset<Row> table = spark.createDataFrame(rows, SCHEMA).repartition(9);
        Column[] order = {col("dev").desc(), col("as_i").desc(), col("path").asc()};
        List<Row> expected = table.withColumn("rank", row_number().over(Window.partitionBy("source").orderBy(order)))
                .select("source", "path", "rank").orderBy("source", "rank").collectAsList();
        try (SourceRanks.Ranked ranked = SourceRanks.distributed(table, order)) {
            assertEquals(1, ranked.rows().rdd().getNumPartitions(), "3000 rows fit one file");
            List<Row> actual = ranked.rows().select("source", "path", "rank").orderBy("source", "rank").collectAsList();
            assertEquals(expected, actual);
            assertEquals(List.of("source", "path", "dev", "as_i", "rank"), List.of(ranked.rows().columns()));
        }
        // Small sources take the window itself; both ways must give one table.
        try (SourceRanks.Ranked ranked = SourceRanks.number(table, 3_000, order)) {
            assertEquals(expected, ranked.rows().select("source", "path", "rank").orderBy("source", "rank").collectAsList());
            assertEquals(List.of("source", "path", "dev", "as_i", "rank"), List.of(ranked.rows().columns()));
        }
    }

    @Test
    void noRowsGiveNoRanks() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> empty = spark.createDataFrame(List.of(), SCHEMA);
        try (SourceRanks.Ranked ranked = SourceRanks.distributed(empty, col("as_i").desc())) {
            assertEquals(0, ranked.rows().count());
        }
    }
}
