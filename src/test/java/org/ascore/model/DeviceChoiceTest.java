package org.ascore.model;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceChoiceTest {
    @Test
    void autoWithoutAnAssignedGpuIsTheCpuAndSaysSparkAssignedNone() {
        DeviceChoice.Choice c = DeviceChoice.choose("auto", List.of());
        assertEquals(Device.cpu(), c.device());
        assertTrue(c.reason().contains("auto") && c.reason().contains("no GPU")
                && c.reason().contains("spark.task.resource.gpu.amount"), c.reason());
    }

    @Test
    void autoWithAssignedGpusTakesTheFirstAndNamesThem() {
        DeviceChoice.Choice c = DeviceChoice.choose(" AUTO ", List.of("3", "1"));
        assertEquals(Device.gpu(3), c.device());
        assertTrue(c.reason().contains("GPU 3, 1") && c.reason().contains("first"), c.reason());
        DeviceChoice.Choice one = DeviceChoice.choose("auto", List.of("2"));
        assertEquals(Device.gpu(2), one.device());
        assertTrue(!one.reason().contains("first"), one.reason());
    }

    @Test
    void explicitSettingsGiveTheirDeviceAndSaySo() {
        DeviceChoice.Choice cpu = DeviceChoice.choose("cpu", List.of("0"));
        assertEquals(Device.cpu(), cpu.device());
        assertEquals("ascore.device = cpu", cpu.reason());
        DeviceChoice.Choice fixed = DeviceChoice.choose("gpu(5)", List.of("0"));
        assertEquals(Device.gpu(5), fixed.device());
        assertTrue(fixed.reason().contains("gpu(5)"), fixed.reason());
        assertEquals(Device.gpu(1), DeviceChoice.choose("gpu", List.of("1")).device());
    }

    @Test
    void gpuWithoutAnAssignedGpuAndBadValuesAreErrors() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceChoice.choose("gpu", List.of()));
        assertTrue(e.getMessage().contains("spark.task.resource.gpu.amount"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("tpu", List.of()));
        assertThrows(IllegalStateException.class, () -> DeviceChoice.choose("auto", List.of("GPU-uuid")));
    }

    @Test
    void resolveReturnsTheChosenDevice() {
        assertEquals(Device.cpu(), DeviceChoice.resolve("auto", List.of()));
        assertEquals(Device.gpu(0), DeviceChoice.resolve("auto", List.of("0")));
    }
}
