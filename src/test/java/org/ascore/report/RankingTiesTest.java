package org.ascore.report;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.testing.SparkTestSession;
import org.ascore.pipeline.CommittedTables;
import org.ascore.pipeline.RunPaths;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rankings table of a real run orders images of equal asi_ref_dev by the distance of their
 * AS-i from the real median in median absolute deviations, recomputed here from the scores table.
 */
class RankingTiesTest {
    @Test
    void equalDevsAreOrderedByTheDistanceFromTheRealMedian() {
        SparkSession spark = SparkTestSession.get();
        RunPaths paths = new RunPaths(TwoRuns.out().toString());
        double[] real = CommittedTables.scores(spark, paths).where(col("run_id").equalTo(lit(TwoRuns.SECOND))
                        .and(col("split").equalTo("real")).and(col("status").equalTo("ok")))
                .select("as_i").collectAsList().stream().mapToDouble(r -> r.getDouble(0)).sorted().toArray();
        double median = median(real);
        double deviation = median(Arrays.stream(real).map(x -> Math.abs(x - median)).sorted().toArray());
        double mad = deviation > 0 ? deviation : 1;
        List<Row> ranked = CommittedTables.rankings(spark, paths).where(col("run_id").equalTo(lit(TwoRuns.SECOND)))
                .select("source", "rank", "asi_ref_dev", "as_i").orderBy("source", "rank").collectAsList();
        int ties = 0;
        for (int i = 1; i < ranked.size(); i++) {
            Row a = ranked.get(i - 1);
            Row b = ranked.get(i);
            if (a.getString(0).equals(b.getString(0)) && a.getDouble(2) == b.getDouble(2)) {
                ties++;
                assertTrue(Math.abs(a.getDouble(3) - median) / mad >= Math.abs(b.getDouble(3) - median) / mad,
                        "ranks " + a.getInt(1) + " and " + b.getInt(1) + " of " + a.getString(0));
            }
        }
        assertTrue(ties > 0, "the run has images of equal asi_ref_dev");
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
