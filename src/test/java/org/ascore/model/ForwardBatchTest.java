package org.ascore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class ForwardBatchTest {

    @Test
    void cpuCallsHoldOneBatchButNoFewerThan32Images() {
        assertEquals(32, ForwardBatch.of(Device.cpu(), 1, 10));
        assertEquals(32, ForwardBatch.of(Device.cpu(), 8, 10));
        assertEquals(64, ForwardBatch.of(Device.cpu(), 64, 10));
    }

    @Test
    void gpuCallsHoldTheWholeComplexityPathOfABatch() {
        assertEquals(88, ForwardBatch.of(Device.gpu(0), 8, 10));
        assertEquals(1024 * 21, ForwardBatch.of(Device.gpu(1), 1024, 20));
    }
}
