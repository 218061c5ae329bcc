package org.ascore.pipeline;

import org.ascore.stats.Bootstrap;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BootstrapReplicatesTest {

    private static Bootstrap.Sample uniform(SplittableRandom r, int n, double shift) {
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextDouble() + shift;
            v[i] = r.nextDouble() * c[i];
        }
        return new Bootstrap.Sample(c, v);
    }

    @Test
    void sparkTasksGiveTheReplicatesOfALocalLoopInIndexOrder() {
        SplittableRandom r = new SplittableRandom(8);
        Map<String, Bootstrap.Sample> gen = new LinkedHashMap<>();
        gen.put("a", uniform(r, 90, 0.1));
        gen.put("b", uniform(r, 70, 0.3));
        Bootstrap b = new Bootstrap(42, "real", uniform(r, 110, 0), gen);
        int replicates = 37; // not a multiple of the number of tasks

        double[][] distributed = BootstrapReplicates.run(SparkTestSession.get(), b, replicates);

        assertEquals(replicates, distributed.length);
        for (int i = 0; i < replicates; i++) {
            assertArrayEquals(b.replicate(i), distributed[i], 0.0, "replicate " + i);
        }
    }
}
