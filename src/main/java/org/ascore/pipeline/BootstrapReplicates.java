package org.ascore.pipeline;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.ascore.stats.Bootstrap;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs the replicates of a {@link Bootstrap} as Spark tasks: the points are broadcast once, each
 * task computes a contiguous block of replicate indices, and the driver only receives one D per
 * replicate and source. Replicates are seeded by their index, so the result does not depend on
 * how they are split into tasks.
 */
public final class BootstrapReplicates {
    /** Blocks per core: enough to even out slow tasks, few enough that scheduling stays negligible. */
    private static final int BLOCKS_PER_CORE = 4;

    private BootstrapReplicates() {
    }

    /** @return d[r][s], D of source s (in {@link Bootstrap#sources()} order) in replicate r */
    public static double[][] run(SparkSession spark, Bootstrap bootstrap, int replicates) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Bootstrap> shared = jsc.broadcast(bootstrap);
        try {
            int blocks = Math.max(1, Math.min(replicates, jsc.defaultParallelism() * BLOCKS_PER_CORE));
            List<Integer> indices = IntStream.range(0, replicates).boxed().toList();
            List<Tuple2<Integer, double[]>> out = jsc.parallelize(indices, blocks)
                    .mapPartitions(new Replicate(shared)).collect();
            double[][] d = new double[replicates][];
            for (Tuple2<Integer, double[]> t : out) {
                d[t._1()] = t._2();
            }
            return d;
        } finally {
            shared.destroy();
        }
    }

    private static final class Replicate implements FlatMapFunction<Iterator<Integer>, Tuple2<Integer, double[]>> {
        private final Broadcast<Bootstrap> bootstrap;

        Replicate(Broadcast<Bootstrap> bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public Iterator<Tuple2<Integer, double[]>> call(Iterator<Integer> indices) {
            Bootstrap b = bootstrap.value();
            List<Tuple2<Integer, double[]>> out = new ArrayList<>();
            while (indices.hasNext()) {
                int r = indices.next();
                out.add(new Tuple2<>(r, b.replicate(r)));
            }
            return out.iterator();
        }
    }
}
