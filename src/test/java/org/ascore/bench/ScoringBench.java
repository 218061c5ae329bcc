package org.ascore.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.ascore.config.ModelCard;
import org.ascore.io.DecodedImage;
import org.ascore.io.ImageDecoder;
import org.ascore.metric.Complexity;
import org.ascore.metric.ImageScore;
import org.ascore.metric.ImageScorer;
import org.ascore.metric.MetricParams;
import org.ascore.metric.NoiseSource;
import org.ascore.metric.Vulnerability;
import org.ascore.model.DjlFeatureModel;
import org.ascore.model.FeatureModel;
import org.ascore.model.ForwardBatch;
import org.ascore.util.Sha256;
import org.ascore.model.Preprocessor;
import org.ascore.testing.Fixture;
import org.ascore.testing.SeededScoring;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmark (not a test) of the metric core without Spark, on the CPU. Run from the project root;
 * see BENCHMARKS.md for the commands and results.
 *
 * <pre>
 * ScoringBench throughput --card CARD [--batches 1,8,32] [--reps N]
 *     images/s of ImageScorer.score per batch size, with the noise drawn beforehand and the model
 *     loaded with the pipeline's forward batch (as ScorePartition runs it), and the parts: one
 *     forward of B images, the complexity forward of B·(K+1) images in the pipeline's calls, one
 *     forward+backward of B images, the per-image noise draw (done on the prefetch thread in the
 *     pipeline); the "backbone bound" (K+2)·fwd + J·(fwd+bwd) and the fraction of it achieved. One
 *     JSON line per batch size, then a Markdown table.
 * ScoringBench decode [--passes N]
 *     per-image sha256, ImageDecoder.decode and Preprocessor.toChw on the demo PNGs (1×28×28) and on
 *     a 512×512 JPEG it generates (written to target/bench/sample-512.jpg), preprocessed 3×256→224.
 * ScoringBench chunking --card CARD [--batches 32,64] [--reps N]
 *     ImageScorer.score with the complexity path sent through the network in one call of B·(K+1)
 *     images (what the pipeline does) against calls of B images (the model loaded with forward batch
 *     B), alternating the two in one JVM; the same C and V up to float rounding, at a different speed.
 * ScoringBench models [--reps N] [--card CARD ...]
 *     forward and forward+backward ms per image at batch 1 and 32 for the test fixture models and
 *     the given cards.
 * </pre>
 *
 * Every measurement is warmed up first and repeated; medians are reported, with the CPU time of
 * the calling thread next to wall time (with {@code --threads 1} every libtorch kernel runs on the
 * calling thread, so that CPU time is all of the work and is not inflated by other processes on a
 * shared machine). libtorch runs with its default intra-op thread count (all of the machine's
 * cores; the pipeline's ascore.torch-threads = 0 means the executor's cores, the same thing in
 * local[*] mode) unless {@code --threads N} is given.
 */
public final class ScoringBench {
    private static final MetricParams PARAMS = MetricParams.DEFAULT;

    private ScoringBench() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads the natives before any JniUtils call
        int threads = a.integer("--threads", 0);
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
        System.out.printf(Locale.ROOT, "# java %s, %d processors, max heap %.0f MiB, libtorch intra-op threads %d, "
                        + "inter-op %d, K=%d J=%d%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576.0,
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), PARAMS.complexity().steps(),
                PARAMS.vulnerability().steps());
        switch (a.mode) {
            case "throughput" -> throughput(a);
            case "decode" -> decode(a);
            case "models" -> models(a);
            case "chunking" -> chunking(a);
            default -> throw new IllegalArgumentException("mode must be throughput, decode, chunking or models, got "
                    + a.mode);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // throughput

    /** Median wall seconds and median CPU seconds of the calling thread ({@link #threadCpuNanos}) of some runs. */
    record Timing(double wall, double cpu, double wallMin) {
        String json(String key) {
            return String.format(Locale.ROOT, "\"%s_s\":%.6g,\"%s_cpu_s\":%.6g", key, wall, key, cpu);
        }
    }

    private static Timing timing(double[] wall, double[] cpu) {
        return new Timing(Stats.median(wall), Stats.median(cpu), Stats.min(wall));
    }

    private static void throughput(Args a) throws IOException {
        Path cardFile = Path.of(a.string("--card", "conf/models/fmnist-cnn.conf"));
        List<Integer> batches = a.integers("--batches", List.of(1, 8, 32));
        int reps = a.integer("--reps", 5);
        ModelCard card = ModelCard.load(cardFile);
        int k = PARAMS.complexity().steps();
        int j = PARAMS.vulnerability().steps();
        List<Row> rows = new ArrayList<>();
        for (int b : batches) {
            // Loaded as the pipeline loads it for this batch size, so the complexity path is split
            // into the same forward calls.
            try (DjlFeatureModel model = load(card, ForwardBatch.of(Device.cpu(), b, k))) {
                ImageScorer scorer = new ImageScorer(model, PARAMS);
                NoiseSource noise = new NoiseSource(PARAMS.seed(), model.name());
                int length = card.channels() * card.crop() * card.crop();
                float[][] images = randomImages(b, length, 1234 + b).toArray(new float[0][]);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    ids.add("bench-image-" + i);
                }
                float[][] raw = ids.stream().map(id -> noise.complexityNoise(id, length, PARAMS.complexity().noise()))
                        .toArray(float[][]::new);
                float[][] jitter = ids.stream().map(id -> noise.attackJitter(id, length,
                        PARAMS.vulnerability().jitter())).toArray(float[][]::new);
                Shape shape = new Shape(b, card.channels(), card.crop(), card.crop());
                Shape pathShape = new Shape((long) b * (k + 1), card.channels(), card.crop(), card.crop());
                Row r = new Row(card.name(), b, reps);
                r.fwd = timeModel(model, shape, reps, (x, target) -> model.features(x));
                r.fwdPath = timeModel(model, pathShape, reps, (x, target) -> model.features(x));
                r.fwdBwd = timeModel(model, shape, reps, (x, target) -> attackStep(model, x, target));
                r.noise = time(reps, () -> {
                    for (String id : ids) {
                        noise.complexityNoise(id, length, PARAMS.complexity().noise());
                        noise.attackJitter(id, length, PARAMS.vulnerability().jitter());
                    }
                });
                Timing[] split = splitComplexityVulnerability(model, List.of(images), ids, noise, reps);
                r.complexity = split[0];
                r.vulnerability = split[1];
                List<ImageScore> first = scorer.score(images, raw, jitter); // warm-up
                r.ok = first.stream().filter(s -> s.status() == org.ascore.Status.OK).count();
                // The pipeline draws the noise on its prefetch thread, off the model: not timed here.
                r.score = time(reps, () -> scorer.score(images, raw, jitter));
                rows.add(r);
                System.out.println(r.json());
            }
        }
        System.out.println();
        System.out.println("Wall seconds per batch (median of " + reps + " runs); in brackets CPU seconds of the "
                + "calling thread (all the work with --threads 1, part of it otherwise). Bound = (K+2)·fwd(B) + "
                + "J·(fwd+bwd)(B); achieved = bound / measured.");
        System.out.println();
        System.out.println("| model | batch | images/s | s per batch [CPU] | min s | fwd(B) [CPU] | fwd(B·(K+1)) [CPU] "
                + "| fwd+bwd(B) [CPU] | noise draw | Complexity.compute | Vulnerability.compute "
                + "| bound wall | achieved wall | bound CPU | achieved CPU |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %s | %.4f | %s | %s | %s | %s | %s | %s | %.4f | %.0f%% "
                            + "| %.4f | %.0f%% |%n",
                    r.model, r.batch, r.batch / r.score.wall(), cell(r.score), r.score.wallMin(), cell(r.fwd),
                    cell(r.fwdPath), cell(r.fwdBwd), cell(r.noise), cell(r.complexity), cell(r.vulnerability),
                    r.bound(false), 100 * r.bound(false) / r.score.wall(), r.bound(true),
                    100 * r.bound(true) / r.score.cpu());
        }
    }

    private static String cell(Timing t) {
        return String.format(Locale.ROOT, "%.4f [%.4f]", t.wall(), t.cpu());
    }

    private static final class Row {
        final String model;
        final int batch;
        final int reps;
        Timing fwd;
        Timing fwdPath;
        Timing fwdBwd;
        Timing noise;
        Timing complexity;
        Timing vulnerability;
        Timing score;
        long ok;

        Row(String model, int batch, int reps) {
            this.model = model;
            this.batch = batch;
            this.reps = reps;
        }

        double bound(boolean cpu) {
            int k = PARAMS.complexity().steps();
            int j = PARAMS.vulnerability().steps();
            return cpu ? (k + 2) * fwd.cpu() + j * fwdBwd.cpu() : (k + 2) * fwd.wall() + j * fwdBwd.wall();
        }

        String json() {
            return String.format(Locale.ROOT, "{\"section\":\"throughput\",\"model\":\"%s\",\"batch\":%d,"
                            + "\"reps\":%d,%s,\"score_min_s\":%.6g,\"images_per_s\":%.6g,%s,%s,%s,%s,%s,%s,"
                            + "\"bound_s\":%.6g,\"bound_cpu_s\":%.6g,\"ok\":%d}",
                    model, batch, reps, score.json("score"), score.wallMin(), batch / score.wall(), fwd.json("fwd"),
                    fwdPath.json("fwd_path"), fwdBwd.json("fwdbwd"), noise.json("noise"),
                    complexity.json("complexity"), vulnerability.json("vulnerability"), bound(false), bound(true),
                    ok);
        }
    }

    private interface ModelOp {
        /** @param target a [B, d] stand-in for M(x), made before the clock starts */
        NDArray apply(NDArray x, NDArray target);
    }

    /** The network part of one PGD step: forward, the SPEC loss, backward to the input. */
    private static NDArray attackStep(FeatureModel model, NDArray x, NDArray target) {
        return model.inputGradient(x, f -> target.sub(f).square().mean(new int[] {1}).sum());
    }

    /**
     * Op on a fresh random input of the given shape (making the input is not timed); the first of
     * reps + 1 runs is a warm-up.
     */
    private static Timing timeModel(FeatureModel model, Shape shape, int reps, ModelOp op) {
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        Random rnd = new Random(99);
        long d;
        try (NDManager m = model.newManager()) {
            int[] in = model.inputShape();
            d = model.features(m.zeros(new Shape(1, in[0], in[1], in[2]), model.dataType())).getShape().get(1);
        }
        for (int i = -1; i < reps; i++) {
            try (NDManager m = model.newManager()) {
                float[] values = new float[Math.toIntExact(shape.size())];
                for (int t = 0; t < values.length; t++) {
                    values[t] = rnd.nextFloat();
                }
                NDArray x = m.create(values, shape).toType(model.dataType(), false);
                NDArray target = m.zeros(new Shape(shape.get(0), d), model.dataType());
                long c0 = threadCpuNanos();
                long t0 = System.nanoTime();
                op.apply(x, target); // libtorch CPU ops are synchronous: the result is computed on return
                if (i >= 0) {
                    wall[i] = (System.nanoTime() - t0) / 1e9;
                    cpu[i] = (threadCpuNanos() - c0) / 1e9;
                }
            }
        }
        return timing(wall, cpu);
    }

    private static Timing time(int reps, Runnable op) {
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = threadCpuNanos();
            long t0 = System.nanoTime();
            op.run();
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (threadCpuNanos() - c0) / 1e9;
        }
        return timing(wall, cpu);
    }

    /**
     * The two halves of {@link ImageScorer#score}, called the way it calls them:
     * {@link Complexity#compute} (B·(K+1) forwards and the angles) and {@link Vulnerability#compute}
     * (J forward+backward steps and the final forward). The first run is a warm-up.
     */
    private static Timing[] splitComplexityVulnerability(FeatureModel model, List<float[]> images, List<String> ids,
                                                         NoiseSource noise, int reps) {
        int b = images.size();
        int[] in = model.inputShape();
        int length = in[0] * in[1] * in[2];
        float[] x = new float[b * length];
        float[] n = new float[b * length];
        float[] j = new float[b * length];
        for (int i = 0; i < b; i++) {
            System.arraycopy(images.get(i), 0, x, i * length, length);
            System.arraycopy(noise.complexityNoise(ids.get(i), length, PARAMS.complexity().noise()), 0, n, i * length,
                    length);
            System.arraycopy(noise.attackJitter(ids.get(i), length, PARAMS.vulnerability().jitter()), 0, j,
                    i * length, length);
        }
        Shape shape = new Shape(b, in[0], in[1], in[2]);
        double[][] t = new double[4][reps];
        for (int r = -1; r < reps; r++) {
            try (NDManager m = model.newManager()) {
                NDArray xa = m.create(x, shape).toType(model.dataType(), false);
                NDArray na = m.create(n, shape).toType(model.dataType(), false);
                NDArray ja = m.create(j, shape).toType(model.dataType(), false);
                long c0 = threadCpuNanos();
                long t0 = System.nanoTime();
                Complexity.Result cr = Complexity.compute(model, xa, na, PARAMS.complexity());
                long c1 = threadCpuNanos();
                long t1 = System.nanoTime();
                Vulnerability.compute(model, xa, cr.cleanFeatures(), ja, PARAMS.vulnerability());
                long c2 = threadCpuNanos();
                long t2 = System.nanoTime();
                if (r >= 0) {
                    t[0][r] = (t1 - t0) / 1e9;
                    t[1][r] = (c1 - c0) / 1e9;
                    t[2][r] = (t2 - t1) / 1e9;
                    t[3][r] = (c2 - c1) / 1e9;
                }
            }
        }
        return new Timing[] {timing(t[0], t[1]), timing(t[2], t[3])};
    }

    /**
     * CPU nanoseconds of the calling thread (exact, unlike OperatingSystemMXBean.getProcessCpuTime,
     * which has a 10 ms granularity on Linux). With one libtorch intra-op thread ({@code --threads 1})
     * every kernel runs on the calling thread, so this is all of the work and is not inflated by
     * other processes on a shared machine; with more threads the pool's workers are not counted.
     */
    static long threadCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static List<float[]> randomImages(int n, int length, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[length];
            for (int t = 0; t < length; t++) {
                x[t] = r.nextFloat();
            }
            out.add(x);
        }
        return out;
    }

    private static DjlFeatureModel load(ModelCard card, int forwardBatch) throws IOException {
        Path file = Path.of(card.fileUri());
        try (InputStream in = Files.newInputStream(file)) {
            String sha = Sha256.hex(in);
            if (!sha.equals(card.sha256())) {
                throw new IllegalStateException(file + " has sha256 " + sha + ", card says " + card.sha256());
            }
        }
        return DjlFeatureModel.load(file, card.spec(), Device.cpu(), forwardBatch);
    }

    // ---------------------------------------------------------------------------------------------
    // decode + preprocess

    private static void decode(Args a) throws IOException {
        int passes = a.integer("--passes", 5);
        List<byte[]> pngs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "demo"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                pngs.add(Files.readAllBytes(p));
            }
        }
        byte[] jpeg = syntheticJpeg(512, 512);
        Path out = Path.of("target", "bench", "sample-512.jpg");
        Files.createDirectories(out.getParent());
        Files.write(out, jpeg);
        List<byte[]> jpegs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            jpegs.add(jpeg);
        }
        long pngBytes = pngs.stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "# %d demo PNGs, %.0f bytes each on average; JPEG 512x512 %d bytes (%s)%n",
                pngs.size(), (double) pngBytes / pngs.size(), jpeg.length, out);
        System.out.println("Wall µs per image per stage (median of " + passes + " passes), and the CPU µs of all "
                + "three (one thread).");
        System.out.println();
        System.out.println("| input | preprocess to | images/pass | sha256 µs/img | decode µs/img | preprocess µs/img "
                + "| total wall µs/img | total CPU µs/img | images/s per core (CPU) |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        decodeCase("demo PNG 28×28 gray", pngs, new Preprocessor(1, 28, 28), "1×28×28", passes);
        decodeCase("JPEG 512×512 RGB", jpegs, new Preprocessor(3, 256, 224), "3×224×224 (resize 256)", passes);
        decodeCase("JPEG 512×512 RGB", jpegs, new Preprocessor(1, 28, 28), "1×28×28", passes);
    }

    private static void decodeCase(String label, List<byte[]> inputs, Preprocessor pre, String target, int passes)
            throws IOException {
        ImageDecoder decoder = new ImageDecoder(100_000_000L);
        // Warm-up pass (class loading, JIT), then timed passes; each stage timed on its own.
        for (byte[] b : inputs) {
            pre.toChw(decoder.decode(b).image());
        }
        double[] sha = new double[passes];
        double[] dec = new double[passes];
        double[] prep = new double[passes];
        double[] cpu = new double[passes];
        for (int p = 0; p < passes; p++) {
            long c0 = threadCpuNanos();
            long t0 = System.nanoTime();
            for (byte[] b : inputs) {
                Sha256.hex(new ByteArrayInputStream(b));
            }
            long t1 = System.nanoTime();
            List<BufferedImage> decoded = new ArrayList<>(inputs.size());
            for (byte[] b : inputs) {
                DecodedImage d = decoder.decode(b);
                if (!d.isOk()) {
                    throw new IllegalStateException("decode failed: " + d.error());
                }
                decoded.add(d.image());
            }
            long t2 = System.nanoTime();
            for (BufferedImage img : decoded) {
                pre.toChw(img);
            }
            long t3 = System.nanoTime();
            cpu[p] = (threadCpuNanos() - c0) / 1e3 / inputs.size();
            sha[p] = (t1 - t0) / 1e3 / inputs.size();
            dec[p] = (t2 - t1) / 1e3 / inputs.size();
            prep[p] = (t3 - t2) / 1e3 / inputs.size();
        }
        // Single-threaded: wall time is what one core gives when it is not shared (see BENCHMARKS.md).
        double total = Stats.median(sha) + Stats.median(dec) + Stats.median(prep);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |%n", label, target,
                inputs.size(), Stats.median(sha), Stats.median(dec), Stats.median(prep), total, Stats.median(cpu),
                1e6 / Stats.median(cpu));
    }

    /** A photo-like RGB test image: smooth colour gradients, a few discs and mild noise; quality 0.9. */
    static byte[] syntheticJpeg(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(5);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                double v = (double) y / h;
                double disc = Math.hypot(u - 0.4, v - 0.55) < 0.2 ? 60 : 0;
                int red = clamp(120 + 100 * Math.sin(6 * u) + disc + 12 * r.nextGaussian());
                int green = clamp(100 + 80 * Math.cos(5 * v) + 12 * r.nextGaussian());
                int blue = clamp(90 + 70 * Math.sin(4 * (u + v)) - disc + 12 * r.nextGaussian());
                img.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    // ---------------------------------------------------------------------------------------------
    // complexity path: one call of B·(K+1) images or K+1 calls of B

    private static void chunking(Args a) throws IOException {
        ModelCard card = ModelCard.load(Path.of(a.string("--card", "conf/models/fmnist-cnn.conf")));
        List<Integer> batches = a.integers("--batches", List.of(32, 64));
        int reps = a.integer("--reps", 7);
        int k = PARAMS.complexity().steps();
        int length = card.channels() * card.crop() * card.crop();
        System.out.println("Median of " + reps + " alternating runs each; seconds per batch, CPU of the calling thread "
                + "in brackets.");
        System.out.println();
        System.out.println("| model | batch | one call of B·(K+1) s [CPU] | K+1 calls of B s [CPU] | speed-up (wall) "
                + "| speed-up (CPU) | same C and V |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        for (int b : batches) {
            List<float[]> images = randomImages(b, length, 1234 + b);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                ids.add("bench-image-" + i);
            }
            try (DjlFeatureModel whole = load(card, b * (k + 1)); DjlFeatureModel chunked = load(card, b)) {
                List<ImageScore> rw = SeededScoring.score(whole, PARAMS, ids, images);
                List<ImageScore> rc = SeededScoring.score(chunked, PARAMS, ids, images);
                double[][] t = new double[4][reps];
                for (int i = 0; i < reps; i++) {
                    long c0 = threadCpuNanos();
                    long t0 = System.nanoTime();
                    SeededScoring.score(whole, PARAMS, ids, images);
                    long c1 = threadCpuNanos();
                    long t1 = System.nanoTime();
                    SeededScoring.score(chunked, PARAMS, ids, images);
                    t[0][i] = (t1 - t0) / 1e9;
                    t[1][i] = (c1 - c0) / 1e9;
                    t[2][i] = (System.nanoTime() - t1) / 1e9;
                    t[3][i] = (threadCpuNanos() - c1) / 1e9;
                }
                Timing w = timing(t[0], t[1]);
                Timing c = timing(t[2], t[3]);
                double maxRel = 0;
                for (int i = 0; i < b; i++) {
                    maxRel = Math.max(maxRel, relDiff(rw.get(i).complexity(), rc.get(i).complexity()));
                    maxRel = Math.max(maxRel, relDiff(rw.get(i).vulnerability(), rc.get(i).vulnerability()));
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %.2fx | %.2fx | max rel. diff %.1e |%n",
                        card.name(), b, cell(w), cell(c), w.wall() / c.wall(), w.cpu() / c.cpu(), maxRel);
            }
        }
    }

    private static double relDiff(Double x, Double y) {
        if (x == null || y == null) {
            return x == null && y == null ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(x - y) / Math.max(Math.abs(x), 1e-300);
    }

    // ---------------------------------------------------------------------------------------------
    // per-image cost of the small models

    private static void models(Args a) throws IOException {
        int reps = a.integer("--reps", 7);
        List<int[]> batchSizes = List.of(new int[] {1}, new int[] {32});
        System.out.println("Median of " + reps + " runs; wall ms per image, CPU ms of the calling thread per image "
                + "in brackets.");
        System.out.println();
        System.out.println("| model | input | dtype | batch | fwd ms/img [CPU] | fwd+bwd ms/img [CPU] | (fwd+bwd)/fwd (CPU) "
                + "| one image's K+2 fwd + J fwd+bwd, ms [CPU] |");
        System.out.println("|---|---|---|---:|---:|---:|---:|---:|");
        List<Object[]> targets = new ArrayList<>();
        for (String name : List.of("linear", "relu", "bn_dropout_scripted", "relu_f64", "fmnist-cnn",
                "fmnist-cnn_f64")) {
            Fixture f = Fixture.load(name);
            targets.add(new Object[] {name, f.card(), f.modelFile()});
        }
        for (String c : a.all("--card")) {
            ModelCard card = ModelCard.load(Path.of(c));
            targets.add(new Object[] {card.name(), card, Path.of(card.fileUri())});
        }
        for (Object[] t : targets) {
            ModelCard card = (ModelCard) t[1];
            try (DjlFeatureModel model = DjlFeatureModel.load((Path) t[2], card.spec(), Device.cpu(), 1024)) {
                for (int[] bs : batchSizes) {
                    int b = bs[0];
                    Shape shape = new Shape(b, card.channels(), card.crop(), card.crop());
                    Timing fwdT = timeModel(model, shape, reps, (x, target) -> model.features(x));
                    Timing bothT = timeModel(model, shape, reps, (x, target) -> attackStep(model, x, target));
                    int k = PARAMS.complexity().steps();
                    int j = PARAMS.vulnerability().steps();
                    System.out.printf(Locale.ROOT, "| %s | %d×%d×%d | %s | %d | %.4f [%.4f] | %.4f [%.4f] | %.1f "
                                    + "| %.2f [%.2f] |%n", t[0], card.channels(), card.crop(), card.crop(),
                            card.precision(), b, 1e3 * fwdT.wall() / b, 1e3 * fwdT.cpu() / b, 1e3 * bothT.wall() / b,
                            1e3 * bothT.cpu() / b, bothT.cpu() / fwdT.cpu(),
                            1e3 * ((k + 2) * fwdT.wall() + j * bothT.wall()) / b,
                            1e3 * ((k + 2) * fwdT.cpu() + j * bothT.cpu()) / b);
                    System.out.printf(Locale.ROOT, "{\"section\":\"models\",\"model\":\"%s\",\"batch\":%d,%s,%s}%n",
                            t[0], b, fwdT.json("fwd"), bothT.json("fwdbwd"));
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Minimal flag parsing: a mode, then --name value pairs (a name may repeat). */
    private static final class Args {
        final String mode;
        final List<String[]> pairs = new ArrayList<>();

        Args(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException(
                        "usage: ScoringBench throughput|decode|chunking|models [--flag value]...");
            }
            mode = args[0];
            for (int i = 1; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --flag value at " + args[i]);
                }
                pairs.add(new String[] {args[i], args[i + 1]});
            }
        }

        List<String> all(String name) {
            return pairs.stream().filter(p -> p[0].equals(name)).map(p -> p[1]).toList();
        }

        String string(String name, String def) {
            List<String> v = all(name);
            return v.isEmpty() ? def : v.get(v.size() - 1);
        }

        int integer(String name, int def) {
            return Integer.parseInt(string(name, Integer.toString(def)));
        }

        List<Integer> integers(String name, List<Integer> def) {
            String v = string(name, null);
            if (v == null) {
                return def;
            }
            List<Integer> out = new ArrayList<>();
            for (String s : v.split(",")) {
                out.add(Integer.parseInt(s.trim()));
            }
            return out;
        }
    }
}
