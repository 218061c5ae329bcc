package org.ascore.model;

import ai.djl.Device;

/**
 * How many images go through the network in one call when a batch's K + 1 complexity points are
 * scored. A GPU is filled by one call over the whole path of the batch; on a CPU the activations of
 * B·(K + 1) images fall out of cache, and calls of max(B, 32) images run faster (BENCHMARKS.md §2)
 * with the same results, 32 keeping DJL's per-call overhead small for tiny batches.
 */
public final class ForwardBatch {
    private static final int CPU_MIN = 32;

    private ForwardBatch() {
    }

    public static int of(Device device, int batchSize, int complexitySteps) {
        return device.isGpu() ? Math.multiplyExact(batchSize, complexitySteps + 1) : Math.max(batchSize, CPU_MIN);
    }
}
