package org.ascore.model;

import ai.djl.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the configured device and the GPUs Spark assigned to a task to a DJL device. A
 * configuration, not a code change: {@code cpu}, {@code gpu}/{@code gpu(i)}, or {@code auto}
 * (the task's first assigned GPU if it has one, else the CPU). Each distinct choice is logged
 * once per JVM with its reason, so a job that meant to use a GPU and did not says why.
 */
public final class DeviceChoice {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceChoice.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    /** A device and, in words, why it was chosen. */
    public record Choice(Device device, String reason) {
    }

    private DeviceChoice() {
    }

    /**
     * @param configured   value of {@code ascore.device}
     * @param gpuAddresses the task's GPU addresses from {@code TaskContext.resources()}, maybe empty
     */
    public static Device resolve(String configured, List<String> gpuAddresses) {
        Choice choice = choose(configured, gpuAddresses);
        if (LOGGED.add(choice.device() + "|" + choice.reason())) {
            LOG.info("Scoring on {}: {}", choice.device(), choice.reason());
        }
        return choice.device();
    }

    /** The device for {@code ascore.device = configured} and the reason; no side effects. */
    public static Choice choose(String configured, List<String> gpuAddresses) {
        String c = configured.trim().toLowerCase(Locale.ROOT);
        if (c.equals("cpu")) {
            return new Choice(Device.cpu(), "ascore.device = cpu");
        }
        if (c.equals("auto") || c.equals("gpu")) {
            if (gpuAddresses.isEmpty()) {
                if (c.equals("gpu")) {
                    throw new IllegalStateException("ascore.device = gpu but Spark assigned this task no GPU; set "
                            + "spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount");
                }
                return new Choice(Device.cpu(), "ascore.device = auto and Spark assigned this task no GPU "
                        + "(spark.task.resource.gpu.amount is unset or 0)");
            }
            return new Choice(Device.gpu(parseAddress(gpuAddresses.get(0))), "ascore.device = " + c
                    + " and Spark assigned this task GPU " + String.join(", ", gpuAddresses)
                    + (gpuAddresses.size() > 1 ? " (the first is used)" : ""));
        }
        if (c.matches("gpu\\(\\d+\\)")) {
            return new Choice(Device.gpu(Integer.parseInt(c.substring(4, c.length() - 1))),
                    "ascore.device = " + c + ", whatever Spark assigned");
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
