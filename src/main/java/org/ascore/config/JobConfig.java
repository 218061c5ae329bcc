package org.ascore.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import org.ascore.metric.AttackDirection;
import org.ascore.metric.ComplexityParams;
import org.ascore.metric.MetricParams;
import org.ascore.metric.NoiseKind;
import org.ascore.metric.VulnerabilityParams;
import org.ascore.util.Ids;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Every setting of a job, typed and validated once on the driver. Values come from, lowest
 * precedence first: the built-in defaults ({@link Key}), a HOCON/properties file
 * ({@code --config}), {@code spark.ascore.<key>} entries of the Spark conf, and the command line.
 * Any error names the key.
 */
public record JobConfig(
        List<String> real,
        Map<String, List<String>> generated,
        String realLabel,
        String model,
        String out,
        String runId,
        String device,
        int batchSize,
        int partitions,
        int torchThreads,
        String inputGlob,
        String parquetContentColumn,
        String parquetPathColumn,
        long maxPixels,
        long maxBytes,
        MetricParams metric,
        RankingOrder rankingOrder,
        int progressIntervalSeconds,
        boolean reuse,
        int bootstrapReplicates,
        boolean outputFeatures) implements Serializable {

    /**
     * Every setting, declared once (key, type, default, allowed values, doc). The reader below, the
     * errors, conf/ascore.conf, docs/configuration.md and {@code score --help} come from these.
     */
    public static final class Key {
        private static final List<Param<?>> DECLARED = new ArrayList<>();
        /** Every setting, in declaration order. */
        public static final List<Param<?>> ALL = Collections.unmodifiableList(DECLARED);

        private static final String NAME = Ids.REGEX;
        private static final String NAME_WORDS = Ids.RULE;

        public static final Param<List<String>> REAL = add(Param.list("real", true,
                "the real (reference) images: folders or files (any Hadoop URI), or parquet:, npz: or tar: inputs"));
        public static final Param<List<String>> GENERATED = add(Param.list("generated", true,
                "the generated sources, each label=URI with URIs as for real; a label given twice takes both"));
        public static final Param<String> REAL_LABEL = add(Param.matching("real-label", "real", NAME, NAME_WORDS,
                "source label of the real reference set"));
        public static final Param<String> MODEL = add(Param.required("model",
                "model card file (conf/models/<name>.conf)"));
        public static final Param<String> OUT = add(Param.required("out",
                "output root URI (the scores/, summary/, comparisons/, rankings/ and runs/ tables go below it)"));
        public static final Param<String> RUN_ID = add(Param.matching("run-id", "", NAME, NAME_WORDS,
                "id of this run; rerunning an id replaces its rows (empty: the start time and a random suffix)"));
        public static final Param<String> DEVICE = add(Param.matching("device", "auto", "cpu|gpu|auto|gpu\\(\\d+\\)",
                "cpu, gpu, gpu(N) or auto", "where the model runs; auto is the task's GPU if Spark assigned one, else the CPU"));
        public static final Param<Integer> BATCH_SIZE = add(Param.integer("batch-size", 0, 0, 65536,
                "images per scoring batch (0 = the model card's batch_size)"));
        public static final Param<Integer> PARTITIONS = add(Param.integer("partitions", 0, 0, 10_000_000,
                "scoring partitions, at most one per batch to score (0 = about 4 batches per partition, at least the "
                        + "parallelism)"));
        public static final Param<Integer> TORCH_THREADS = add(Param.integer("torch-threads", 0, 0, 1024,
                "libtorch intra-op threads per executor JVM (0 = the executor's cores, docs/cli.md)"));
        public static final Param<String> INPUT_GLOB = add(Param.nonEmpty("input.glob",
                "*.{png,jpg,jpeg,webp,tif,tiff,bmp,gif}",
                "file-name glob of the images read from folders, matched case-insensitively"));
        public static final Param<String> PARQUET_CONTENT_COLUMN = add(Param.nonEmpty("input.parquet-content-column",
                "content", "binary image column of parquet: inputs"));
        public static final Param<String> PARQUET_PATH_COLUMN = add(Param.nonEmpty("input.parquet-path-column",
                "path", "string id/path column of parquet: inputs"));
        public static final Param<Long> MAX_PIXELS = add(Param.longValue("decode.max-pixels", 100_000_000L, 1,
                Long.MAX_VALUE, "refuse images with more pixels (from the header, before decoding)"));
        public static final Param<Long> MAX_BYTES = add(Param.longValue("decode.max-bytes", 268_435_456L, 1,
                Integer.MAX_VALUE - 16, "refuse files larger than this many bytes"));
        public static final Param<Integer> COMPLEXITY_STEPS = add(Param.integer("complexity.steps", 10, 2, 1000,
                "K, noise steps of the complexity path"));
        public static final Param<Double> COMPLEXITY_STEP_SIZE = add(Param.decimal("complexity.step-size", 0.01,
                0, false, Double.POSITIVE_INFINITY, false, "ε_c, L2 length of one noise step"));
        public static final Param<NoiseKind> COMPLEXITY_NOISE = add(Param.choice("complexity.noise",
                NoiseKind.GAUSSIAN, "distribution of the noise steps' direction"));
        public static final Param<Integer> VULNERABILITY_STEPS = add(Param.integer("vulnerability.steps", 10, 1, 1000,
                "J, PGD steps"));
        public static final Param<Double> VULNERABILITY_BUDGET = add(Param.decimal("vulnerability.budget", 8.0 / 255,
                0, false, 1, true, "ε_v, L∞ budget (8/255)"));
        public static final Param<Double> VULNERABILITY_STEP_SIZE = add(Param.decimal("vulnerability.step-size",
                2.0 / 255, 0, false, 1, true, "α, PGD step (2/255)"));
        public static final Param<Double> VULNERABILITY_JITTER = add(Param.decimal("vulnerability.jitter", 1e-6,
                0, true, 1, true, "half-width of the uniform start jitter, at most the budget"));
        public static final Param<AttackDirection> VULNERABILITY_DIRECTION = add(Param.choice(
                "vulnerability.direction", AttackDirection.REFERENCE,
                "sign of the PGD step: reference (s = -1, the authors' code) or ascent (s = +1, the paper's text)"));
        public static final Param<Long> SEED = add(Param.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE,
                "global seed of every per-image random draw"));
        public static final Param<RankingOrder> RANKING_ORDER = add(Param.choice("ranking.order", RankingOrder.REF_DEV,
                "ref-dev (least like the real set first) or as-i (highest AS-i first)"));
        public static final Param<Integer> PROGRESS_INTERVAL = add(Param.integer("progress.interval-s", 10, 1, 86400,
                "seconds between progress log lines"));
        public static final Param<Boolean> REUSE = add(Param.bool("reuse", true,
                "reuse rows of earlier runs with the same image, model and parameters instead of scoring"));
        public static final Param<Integer> BOOTSTRAP_REPLICATES = add(Param.integer("bootstrap.replicates", 1000, 0,
                10_000_000, "bootstrap replicates of the AS intervals and comparisons (0 = off)"));
        public static final Param<Boolean> OUTPUT_FEATURES = add(Param.bool("output.features", true,
                "store each image's backbone feature M(x) in the scores table"));

        private Key() {
        }

        private static <T> Param<T> add(Param<T> p) {
            DECLARED.add(p);
            return p;
        }
    }

    /** How the rankings table orders generated images (docs/metric.md, "AS-i"). */
    public enum RankingOrder {
        REF_DEV, AS_I;

        /** As written in the settings and the rankings table: ref-dev, as-i. */
        public String code() {
            return Param.code(this);
        }
    }

    private static final Map<String, Param<?>> BY_KEY = new LinkedHashMap<>();
    private static final Config DEFAULTS;

    static {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Param<?> p : Key.ALL) {
            BY_KEY.put(p.key(), p);
            if (!p.isRequired()) {
                defaults.put(p.key(), p.defaultObject());
            }
        }
        DEFAULTS = ConfigFactory.parseMap(defaults, "defaults");
    }

    /**
     * Builds and validates a config. A list setting takes a {@link List}, or a string split at
     * commas (see {@link Param#list}).
     *
     * @param configFile  optional HOCON or properties file (keys with or without the ascore. prefix)
     * @param sparkAscore entries of the Spark conf whose keys start with {@code spark.ascore.}
     * @param cli         values given on the command line, keyed by full {@code ascore.} key
     */
    public static JobConfig resolve(Path configFile, Map<String, ?> sparkAscore, Map<String, ?> cli) {
        Map<String, Object> spark = new LinkedHashMap<>();
        sparkAscore.forEach((k, v) -> spark.put(k.startsWith("spark.") ? k.substring("spark.".length()) : k, v));
        Config file = configFile == null ? ConfigFactory.empty() : readFile(configFile);
        return from(layer(cli, "command-line option").withFallback(layer(spark, "Spark conf key (spark.<key>)"))
                .withFallback(file).withFallback(DEFAULTS));
    }

    private static Config layer(Map<String, ?> values, String where) {
        values.keySet().forEach(k -> checkKnown(k, where));
        return ConfigFactory.parseMap(values, where);
    }

    private static Config readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config", "config file not found: " + file.toAbsolutePath());
        }
        ConfigParseOptions opts = ConfigParseOptions.defaults().setAllowMissing(false)
                .setSyntax(file.toString().endsWith(".properties") ? ConfigSyntax.PROPERTIES : ConfigSyntax.CONF);
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(), opts).resolve();
            // Keys may leave out the ascore. prefix; where both forms set a key, the prefixed one wins.
            Config bare = c.withoutPath("ascore").atKey("ascore");
            c = c.hasPath("ascore") ? c.getConfig("ascore").atKey("ascore").withFallback(bare) : bare;
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("config", "cannot parse " + file + ": " + e.getMessage(), e);
        }
        for (String key : c.entrySet().stream().map(Map.Entry::getKey).toList()) {
            // real.0 = ... in a .properties file is item 0 of the list real.
            checkKnown(key.replaceFirst("\\.\\d+$", ""), "key in " + file);
        }
        return c;
    }

    private static void checkKnown(String key, String where) {
        if (!BY_KEY.containsKey(key)) {
            Set<String> known = new TreeSet<>(BY_KEY.keySet());
            throw new ConfigException(key, "unknown " + where + "; known keys: " + String.join(", ", known));
        }
    }

    static JobConfig from(Config c) {
        List<String> real = Key.REAL.read(c);
        Map<String, List<String>> generated = new LinkedHashMap<>();
        for (String pair : Key.GENERATED.read(c)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigException(Key.GENERATED.key(), "expected label=URI, got '" + pair + "'");
            }
            String label = pair.substring(0, eq).trim();
            if (!label.matches(Key.NAME)) {
                throw new ConfigException(Key.GENERATED.key(), "label must be " + Key.NAME_WORDS + ", got '" + label + "'");
            }
            generated.computeIfAbsent(label, k -> new ArrayList<>()).add(pair.substring(eq + 1).trim());
        }
        String realLabel = Key.REAL_LABEL.read(c);
        if (generated.containsKey(realLabel)) {
            throw new ConfigException(Key.GENERATED.key(), "label '" + realLabel + "' is the real set's label ("
                    + Key.REAL_LABEL.key() + "); choose another");
        }
        String model = Key.MODEL.read(c);
        String out = Key.OUT.read(c);
        String runId = Key.RUN_ID.read(c);
        if (runId.isEmpty()) {
            runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                    + UUID.randomUUID().toString().substring(0, 6);
        }
        String device = Key.DEVICE.read(c).toLowerCase(Locale.ROOT);
        double budget = Key.VULNERABILITY_BUDGET.read(c);
        double jitter = Key.VULNERABILITY_JITTER.read(c);
        if (jitter > budget) {
            throw new ConfigException(Key.VULNERABILITY_JITTER.key(), "must be at most " + Key.VULNERABILITY_BUDGET.key()
                    + " (" + budget + "), got " + jitter);
        }
        MetricParams metric = new MetricParams(
                new ComplexityParams(Key.COMPLEXITY_STEPS.read(c), Key.COMPLEXITY_STEP_SIZE.read(c),
                        Key.COMPLEXITY_NOISE.read(c)),
                new VulnerabilityParams(Key.VULNERABILITY_STEPS.read(c), budget, Key.VULNERABILITY_STEP_SIZE.read(c),
                        jitter, Key.VULNERABILITY_DIRECTION.read(c)),
                Key.SEED.read(c));
        return new JobConfig(real, generated, realLabel, model, out, runId, device, Key.BATCH_SIZE.read(c), Key.PARTITIONS.read(c),
                Key.TORCH_THREADS.read(c), Key.INPUT_GLOB.read(c), Key.PARQUET_CONTENT_COLUMN.read(c),
                Key.PARQUET_PATH_COLUMN.read(c), Key.MAX_PIXELS.read(c), Key.MAX_BYTES.read(c), metric,
                Key.RANKING_ORDER.read(c), Key.PROGRESS_INTERVAL.read(c), Key.REUSE.read(c),
                Key.BOOTSTRAP_REPLICATES.read(c), Key.OUTPUT_FEATURES.read(c));
    }
}
