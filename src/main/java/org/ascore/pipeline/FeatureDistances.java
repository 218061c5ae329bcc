package org.ascore.pipeline;

import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ascore.io.ImageInputs;
import org.ascore.stats.FeatureMoments;
import org.ascore.stats.FrechetDistance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Fréchet distance of the backbone features of each generated source to the real set. Every
 * partition of the scores table sums its own rows' x and x xᵀ per (split, source), the partial
 * sums are combined in Spark, and the driver receives one set of moments per source: the feature
 * vectors themselves never leave their executor.
 */
final class FeatureDistances {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureDistances.class);

    private FeatureDistances() {
    }

    /**
     * @param ok rows with status ok of one run and feature model
     * @return FD per generated source with at least two feature vectors, when the real set has two
     */
    static Map<String, Double> compute(Dataset<Row> ok, String realLabel, Iterable<String> sources) {
        Map<Tuple2<String, String>, FeatureMoments> moments = new HashMap<>(ok.where(col("feature").isNotNull())
                .select("split", "source", "feature").toJavaRDD()
                .mapPartitionsToPair(new PartialMoments())
                .reduceByKey(FeatureMoments::merge)
                .collectAsMap());
        Map<String, Double> out = new LinkedHashMap<>();
        FeatureMoments real = moments.get(new Tuple2<>(ImageInputs.REAL, realLabel));
        if (real == null || real.count() < 2) {
            LOG.info("no Fréchet distance: {} real rows carry a feature (two are needed)", real == null ? 0 : real.count());
            return out;
        }
        for (String source : sources) {
            FeatureMoments gen = moments.get(new Tuple2<>(ImageInputs.GENERATED, source));
            if (gen != null && gen.count() >= 2) {
                out.put(source, FrechetDistance.of(real, gen));
            }
        }
        return out;
    }

    /** Sums of one partition's feature vectors per (split, source). */
    private static final class PartialMoments
            implements PairFlatMapFunction<Iterator<Row>, Tuple2<String, String>, FeatureMoments> {
        @Override
        public Iterator<Tuple2<Tuple2<String, String>, FeatureMoments>> call(Iterator<Row> rows) {
            Map<Tuple2<String, String>, FeatureMoments> bySet = new HashMap<>();
            while (rows.hasNext()) {
                Row r = rows.next();
                List<Float> boxed = r.getList(r.fieldIndex("feature"));
                float[] x = new float[boxed.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = boxed.get(i);
                }
                bySet.computeIfAbsent(new Tuple2<>(r.getAs("split"), r.getAs("source")),
                        k -> new FeatureMoments(x.length)).add(x);
            }
            List<Tuple2<Tuple2<String, String>, FeatureMoments>> out = new ArrayList<>(bySet.size());
            bySet.forEach((key, m) -> out.add(new Tuple2<>(key, m)));
            return out.iterator();
        }
    }
}
