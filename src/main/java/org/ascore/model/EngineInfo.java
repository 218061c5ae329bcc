package org.ascore.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** What computes the features in this JVM, in words for the result tables. */
public final class EngineInfo {
    private static final Logger LOG = LoggerFactory.getLogger(EngineInfo.class);
    private static final Map<Integer, String> GPU_NAMES = new ConcurrentHashMap<>();

    private EngineInfo() {
    }

    /** e.g. {@code DJL 0.35.1, libtorch 2.7.1}: the versions of the loaded engine. */
    public static String engine() {
        return "DJL " + Engine.getDjlVersion() + ", libtorch " + Engine.getEngine("PyTorch").getVersion();
    }

    /** {@code cpu}, or {@code cuda:} and the GPU's name, e.g. {@code cuda:NVIDIA H100 80GB HBM3}. */
    public static String device(Device device) {
        if (!device.isGpu()) {
            return device.getDeviceType();
        }
        return "cuda:" + GPU_NAMES.computeIfAbsent(device.getDeviceId(), EngineInfo::gpuName);
    }

    /**
     * The CUDA runtime functions DJL binds give no device name; nvidia-smi does. CUDA numbers the
     * devices that CUDA_VISIBLE_DEVICES lists, nvidia-smi all of them, so the id is mapped through it.
     */
    private static String gpuName(int id) {
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        String[] listed = visible == null || visible.isBlank() ? null : visible.split(",");
        String query = listed != null && id < listed.length ? listed[id].trim() : Integer.toString(id);
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader", "-i", query)
                    .redirectErrorStream(true).start();
            String name;
            try (InputStream in = p.getInputStream()) {
                name = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !name.isEmpty() && !name.contains("\n")) {
                return name;
            }
            LOG.warn("nvidia-smi gave no name for GPU {}: {}", query, name);
        } catch (IOException e) {
            LOG.warn("cannot run nvidia-smi for the name of GPU {}: {}", query, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "gpu " + id + " (compute capability " + CudaUtils.getComputeCapability(id) + ")";
    }
}
