package org.ascore.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** submit/gpu-discovery.sh prints the JSON Spark's resource discovery expects. */
class GpuDiscoveryScriptTest {
    private static final Path SCRIPT = Path.of("submit", "gpu-discovery.sh").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void listsTheGpusNvidiaSmiReports() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        fakeNvidiaSmi(bin, "#!/bin/sh\nprintf '0\\n1\\n'\n");
        assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}", run(bin));
    }

    @Test
    void listsNoGpuWithoutNvidiaSmi() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals("{\"name\":\"gpu\",\"addresses\":[]}", run(empty));
    }

    @Test
    void listsNoGpuWhenNvidiaSmiFails() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        fakeNvidiaSmi(bin, "#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'\nexit 9\n");
        assertEquals("{\"name\":\"gpu\",\"addresses\":[]}", run(bin));
    }

    @Test
    void isExecutable() {
        assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " must be executable: Spark runs it directly");
    }

    private static void fakeNvidiaSmi(Path bin, String body) throws IOException {
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, body);
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the script with PATH = only {@code pathDir}, so a real nvidia-smi cannot interfere. */
    private static String run(Path pathDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", pathDir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "discovery script did not finish");
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8).strip();
    }
}
