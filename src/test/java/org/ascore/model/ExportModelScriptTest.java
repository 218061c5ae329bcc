package org.ascore.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ascore.config.ModelCard;
import org.ascore.testing.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * submit/export_model.py exports the paper's backbones to TorchScript files and cards that ascore
 * loads. Random weights are used, so no network is needed. The export itself needs python3 with
 * torch and timm (or torchvision) and is skipped without them, even under CI=true: see
 * {@link #TIMM_NOT_IN_CI}. The script's own messages need only python3 (and torch), which CI
 * installs, so those tests are required there ({@link RequiredTool}).
 */
class ExportModelScriptTest {
    private static final Path SCRIPT = Path.of("submit", "export_model.py").toAbsolutePath();
    private static final String PYTHON = "python3";
    private static final long EXPORT_TIMEOUT_S = 300;
    private static final String INSTALL_TORCH = "`python3 -m pip install torch` (.ci/run does)";
    /** Why the export test is not required under CI=true. */
    static final String TIMM_NOT_IN_CI = "timm imports torchvision, and the torchvision wheels of the CI machines' "
            + "package index are CUDA builds whose compiled ops do not load against the CPU-only torch "
            + "(`operator torchvision::nms does not exist`); install a torchvision built for the installed torch "
            + "(and timm) to run it";

    @TempDir
    Path tmp;

    @Test
    void exportedBackbonesLoadInDjlWithTheirCards() throws Exception {
        Probe timm = probe("import torch, timm");
        Map<String, Integer> dims = new LinkedHashMap<>();
        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), "--arch"));
        if (timm.ok) {
            dims.put("vit_s16", 384);
            dims.put("convnext_t", 768);
            dims.put("dinov2_s14", 384);
        } else {
            Probe tv = probe("import torch, torchvision");
            RequiredTool.skipUnless(tv.ok, "python3 with torch and timm (or torchvision, for ConvNeXt-T only), "
                    + "needed to test submit/export_model.py's export (`" + PYTHON + " -c 'import torch, timm'`: "
                    + timm.detail + "; torchvision: " + tv.detail + ")", TIMM_NOT_IN_CI);
            dims.put("convnext_t", 768);
        }
        cmd.addAll(dims.keySet());
        Path out = tmp.resolve("models");
        Path cards = tmp.resolve("cards");
        cmd.addAll(List.of("--random-weights", "--dinov2-source", "timm", "--batch-size", "8",
                "--out-dir", out.toString(), "--card-dir", cards.toString()));
        Result r = run(cmd, Map.of(), EXPORT_TIMEOUT_S);
        assertEquals(0, r.exit, "export_model.py failed:\n" + r.output);

        Map<String, float[]> torchFeatures = torchFeaturesOfGray(out, cards, dims.keySet());
        for (Map.Entry<String, Integer> e : dims.entrySet()) {
            String name = e.getKey();
            int d = e.getValue();
            Path cardFile = cards.resolve(name + ".conf");
            ModelCard card = ModelCard.load(cardFile);
            assertEquals(name, card.name());
            assertEquals(d, card.featureDim(), name);
            assertEquals(3, card.channels());
            assertEquals(224, card.crop());
            assertEquals(256, card.resize());
            assertEquals(8, card.batchSize());
            assertEquals("float32", card.precision());
            assertTrue(Files.readString(cardFile).startsWith("# exported by submit/export_model.py from "),
                    Files.readString(cardFile));
            Path file = Path.of(card.fileUri());
            assertEquals(out.resolve(name + ".pt").toAbsolutePath().normalize(), file);
            ModelFiles.verify(file, card.sha256(), card.name());

            try (DjlFeatureModel model = DjlFeatureModel.load(file, card.spec(), Device.cpu(), 4);
                 NDManager m = model.newManager()) {
                NDArray x = m.full(new Shape(2, 3, 224, 224), 0.5f);
                NDArray f = model.features(x);
                assertArrayEquals(new long[] {2, d}, f.getShape().getShape(), name);
                float[] v = f.toFloatArray();
                for (float value : v) {
                    assertTrue(Float.isFinite(value), name + " returned a non-finite feature");
                }
                // Both images are the same, so both rows must be (nearly) the same, and equal to
                // what the exporting PyTorch computes (libtorch 2.7.1 here).
                float[] row0 = Arrays.copyOfRange(v, 0, d);
                float[] row1 = Arrays.copyOfRange(v, d, 2 * d);
                assertArrayEquals(row0, row1, 1e-4f, name);
                float[] want = torchFeatures.get(name);
                float scale = 0;
                for (float w : want) {
                    scale = Math.max(scale, Math.abs(w));
                }
                assertArrayEquals(want, row0, 1e-4f * Math.max(scale, 1f), name + ": DJL vs PyTorch features");
                // ascore differentiates through the frozen module. (Not |f|^2: with a final
                // LayerNorm of unit weight, as in a random ViT, its gradient is rounding noise.)
                float[] g = model.inputGradient(x.get("0:1"), feats -> feats.get(":, 0").sum()).toFloatArray();
                assertEquals(3 * 224 * 224, g.length);
                boolean nonZero = false;
                for (float value : g) {
                    assertTrue(Float.isFinite(value), name + " returned a non-finite input gradient");
                    nonZero |= value != 0;
                }
                assertTrue(nonZero, name + " returned an all-zero input gradient");
            }
        }
    }

    /**
     * Features of a uniform 0.5 gray image per exported model, computed by the exporting PyTorch
     * (torch.jit.load, the card's mean/std applied as ascore does).
     */
    private Map<String, float[]> torchFeaturesOfGray(Path out, Path cards, Iterable<String> names) throws Exception {
        String code = String.join("\n",
                "import sys, torch",
                "for spec in sys.argv[1:]:",
                "    name, path, mean, std = spec.split('|')",
                "    mean = torch.tensor([float(v) for v in mean.split(',')]).view(1, 3, 1, 1)",
                "    std = torch.tensor([float(v) for v in std.split(',')]).view(1, 3, 1, 1)",
                "    m = torch.jit.load(path, map_location='cpu').eval()",
                "    x = (torch.full((1, 3, 224, 224), 0.5) - mean) / std",
                "    with torch.no_grad():",
                "        f = m(x)[0]",
                "    print('FEATURES', name, ' '.join(repr(v) for v in f.tolist()))");
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", code));
        for (String name : names) {
            ModelCard card = ModelCard.load(cards.resolve(name + ".conf"));
            cmd.add(name + "|" + out.resolve(name + ".pt") + "|" + join(card.mean()) + "|" + join(card.std()));
        }
        Result r = run(cmd, Map.of(), 120);
        assertEquals(0, r.exit, r.output);
        Map<String, float[]> features = new LinkedHashMap<>();
        for (String line : r.output.split("\n")) {
            if (line.startsWith("FEATURES ")) {
                String[] parts = line.split(" ");
                float[] f = new float[parts.length - 2];
                for (int i = 0; i < f.length; i++) {
                    f[i] = Float.parseFloat(parts[i + 2]);
                }
                features.put(parts[1], f);
            }
        }
        return features;
    }

    private static String join(float[] values) {
        StringBuilder b = new StringBuilder();
        for (float v : values) {
            b.append(b.length() == 0 ? "" : ",").append(v);
        }
        return b.toString();
    }

    @Test
    void aMissingTimmIsNamedWithHowToInstallIt() throws Exception {
        Probe torch = probe("import torch");
        RequiredTool.require("python3 with torch", torch.ok, "`" + PYTHON + " -c 'import torch'`: " + torch.detail,
                INSTALL_TORCH);
        // A timm package that cannot be imported, first on the path.
        Path fake = Files.createDirectories(tmp.resolve("hide").resolve("timm"));
        Files.writeString(fake.resolve("__init__.py"), "raise ImportError('timm hidden by ExportModelScriptTest')\n");
        String path = tmp.resolve("hide").toString();
        String old = System.getenv("PYTHONPATH");
        Result r = run(List.of(PYTHON, SCRIPT.toString(), "--arch", "vit_s16", "--random-weights",
                        "--out-dir", tmp.resolve("out").toString(), "--card-dir", tmp.resolve("out").toString()),
                Map.of("PYTHONPATH", old == null || old.isEmpty() ? path : path + ":" + old), 120);
        assertEquals(2, r.exit, r.output);
        assertTrue(r.output.contains("'timm'") && r.output.contains("pip install timm"), r.output);
        assertFalse(Files.exists(tmp.resolve("out").resolve("vit_s16.conf")), "no card without a model");
    }

    @Test
    void helpAndTheMissingTorchMessageNeedNoPackages() throws Exception {
        Probe python = probe("import sys");
        RequiredTool.require("python3", python.ok, python.detail, "install python3 (`apt-get install -y python3`)");
        // -I -S: the standard library only, so torch is surely missing.
        Result help = run(List.of(PYTHON, "-I", "-S", SCRIPT.toString(), "--help"), Map.of(), 60);
        assertEquals(0, help.exit, help.output);
        assertTrue(help.output.contains("timm") && help.output.contains("--random-weights"), help.output);
        Result r = run(List.of(PYTHON, "-I", "-S", SCRIPT.toString(), "--arch", "convnext_t",
                "--out-dir", tmp.toString()), Map.of(), 60);
        assertEquals(2, r.exit, r.output);
        assertTrue(r.output.contains("'torch'") && r.output.contains("pip install torch"), r.output);
    }

    private record Probe(boolean ok, String detail) {
    }

    private Probe probe(String code) {
        try {
            Result r = run(List.of(PYTHON, "-c", code), Map.of(), 120);
            String[] lines = r.output.strip().split("\n");
            return new Probe(r.exit == 0, "exit " + r.exit + ": " + lines[lines.length - 1]);
        } catch (IOException e) {
            return new Probe(false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(false, "interrupted");
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command with stdout and stderr in one file, killing it after {@code timeoutS}. */
    private Result run(List<String> cmd, Map<String, String> env, long timeoutS)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "proc", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutS + " s:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
