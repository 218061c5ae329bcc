package org.ascore.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TorchThreadsTest {
    private static final int HOST = 16;

    @Test
    void aPositiveSettingIsUsedAsItIs() {
        assertEquals(3, TorchThreads.resolve(3, "local[8]", "4", HOST));
        assertEquals(32, TorchThreads.resolve(32, "yarn", null, HOST));
    }

    @Test
    void localModeGivesTheLocalThreadCount() {
        assertEquals(1, TorchThreads.resolve(0, "local", null, HOST));
        assertEquals(4, TorchThreads.resolve(0, "local[4]", null, HOST));
        assertEquals(HOST, TorchThreads.resolve(0, "local[*]", null, HOST));
        assertEquals(2, TorchThreads.resolve(0, "local[2,3]", null, HOST));
        assertEquals(HOST, TorchThreads.resolve(0, "local[*, 4]", null, HOST));
        // spark.executor.cores does not apply in local mode: the driver is the executor.
        assertEquals(4, TorchThreads.resolve(0, "local[4]", "8", HOST));
        assertEquals(3, TorchThreads.resolve(0, "local-cluster[2, 3, 1024]", null, HOST));
    }

    @Test
    void clustersUseTheExecutorCoresOrTheManagersDefault() {
        assertEquals(4, TorchThreads.resolve(0, "spark://head:7077", "4", HOST));
        assertEquals(4, TorchThreads.resolve(0, "yarn", " 4 ", HOST));
        assertEquals(6, TorchThreads.resolve(0, "k8s://https://api:6443", "6", HOST));
        // Unset: a standalone executor takes the whole worker, YARN and Kubernetes give one core.
        assertEquals(HOST, TorchThreads.resolve(0, "spark://head:7077", null, HOST));
        assertEquals(1, TorchThreads.resolve(0, "yarn", null, HOST));
        assertEquals(1, TorchThreads.resolve(0, "k8s://https://api:6443", "", HOST));
    }

    @Test
    void neverMoreThanTheHostHas() {
        assertEquals(HOST, TorchThreads.resolve(0, "local[64]", null, HOST));
        assertEquals(HOST, TorchThreads.resolve(0, "yarn", "48", HOST));
        assertEquals(1, TorchThreads.resolve(0, "local[*]", null, 1));
    }
}
