package org.ascore.model;

import ai.djl.Device;

import java.util.List;

/**
 * Maps the configured device and the GPUs Spark assigned to a task to a DJL device. A
 * configuration, not a code change: {@code cpu}, {@code gpu}/{@code gpu(i)}, or {@code auto}
 * (the task's first assigned GPU if it has one, else the CPU).
 */
public final class DeviceChoice {
    private DeviceChoice() {
    }

    /**
     * @param configured   value of {@code ascore.device}
     * @param gpuAddresses the task's GPU addresses from {@code TaskContext.resources()}, maybe empty
     */
    public static Device resolve(String configured, List<String> gpuAddresses) {
        String c = configured.trim().toLowerCase(java.util.Locale.ROOT);
        if (c.equals("cpu")) {
            return Device.cpu();
        }
        if (c.equals("auto") || c.equals("gpu")) {
            if (gpuAddresses.isEmpty()) {
                if (c.equals("gpu")) {
                    throw new IllegalStateException("ascore.device = gpu but Spark assigned this task no GPU; set "
                            + "spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount");
                }
                return Device.cpu();
            }
            return Device.gpu(parseAddress(gpuAddresses.get(0)));
        }
        if (c.matches("gpu\\(\\d+\\)")) {
            return Device.gpu(Integer.parseInt(c.substring(4, c.length() - 1)));
        }
        throw new IllegalArgumentException("ascore.device must be cpu, gpu, gpu(N) or auto, got " + configured);
    }

    private static int parseAddress(String address) {
        try {
            return Integer.parseInt(address.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("GPU address '" + address + "' from Spark is not a device index", e);
        }
    }
}
