package org.ascore.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import org.ascore.metric.AttackDirection;
import org.ascore.metric.ComplexityParams;
import org.ascore.metric.MetricParams;
import org.ascore.metric.NoiseKind;
import org.ascore.metric.VulnerabilityParams;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** The recognised keys (without the {@code ascore.} prefix) and their defaults. */
    public enum Key {
        REAL("real", "", "comma-separated URIs of real image folders (or parquet:URI tables)"),
        GENERATED("generated", "", "comma-separated label=URI pairs of generated image folders or tables"),
        REAL_LABEL("real-label", "real", "source label of the real reference set"),
        MODEL("model", "", "model card file (conf/models/<name>.conf)"),
        OUT("out", "", "output root URI (the scores/, summary/, comparisons/, rankings/ and runs/ tables go below it)"),
        RUN_ID("run-id", "", "id of this run; rerunning an id replaces its rows (default: timestamp)"),
        DEVICE("device", "auto", "cpu, gpu, gpu(N), or auto (the task's GPU if Spark assigned one)"),
        BATCH_SIZE("batch-size", "0", "images per scoring batch (0 = the model card's batch_size)"),
        PARTITIONS("partitions", "0", "scoring partitions (0 = about 4 batches per partition, at least the parallelism)"),
        TORCH_THREADS("torch-threads", "0", "libtorch intra-op threads per executor JVM (0 = the executor's cores: N of local[N], else spark.executor.cores)"),
        INPUT_GLOB("input.glob", "*.{png,jpg,jpeg,webp,tif,tiff,bmp,gif}",
                "file-name glob of the images read from folders, matched case-insensitively"),
        PARQUET_CONTENT_COLUMN("input.parquet-content-column", "content", "binary image column of parquet: inputs"),
        PARQUET_PATH_COLUMN("input.parquet-path-column", "path", "string id/path column of parquet: inputs"),
        MAX_PIXELS("decode.max-pixels", "100000000", "refuse images with more pixels (from the header, before decoding)"),
        MAX_BYTES("decode.max-bytes", "268435456", "refuse files larger than this many bytes"),
        COMPLEXITY_STEPS("complexity.steps", "10", "K, noise steps of the complexity path"),
        COMPLEXITY_STEP_SIZE("complexity.step-size", "0.01", "ε_c, L2 length of one noise step"),
        COMPLEXITY_NOISE("complexity.noise", "gaussian", "gaussian or uniform"),
        VULNERABILITY_STEPS("vulnerability.steps", "10", "J, PGD steps"),
        VULNERABILITY_BUDGET("vulnerability.budget", "0.03137254901960784", "ε_v, L∞ budget (8/255)"),
        VULNERABILITY_STEP_SIZE("vulnerability.step-size", "0.00784313725490196", "α, PGD step (2/255)"),
        VULNERABILITY_JITTER("vulnerability.jitter", "1e-6", "half-width of the uniform start jitter"),
        VULNERABILITY_DIRECTION("vulnerability.direction", "reference", "reference (s = -1, the authors' code) or ascent (s = +1)"),
        SEED("seed", "0", "global seed of every per-image random draw"),
        RANKING_ORDER("ranking.order", "ref-dev", "ref-dev (least like the real set first) or as-i (highest AS-i first)"),
        PROGRESS_INTERVAL("progress.interval-s", "10", "seconds between progress log lines"),
        REUSE("reuse", "true", "reuse rows of earlier runs with the same image, model and parameters instead of scoring"),
        BOOTSTRAP_REPLICATES("bootstrap.replicates", "1000", "bootstrap replicates of the AS intervals and comparisons (0 = off)"),
        OUTPUT_FEATURES("output.features", "true", "store each image's backbone feature M(x) in the scores table");

        private final String name;
        private final String defaultValue;
        private final String help;

        Key(String name, String defaultValue, String help) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.help = help;
        }

        public String key() {
            return "ascore." + name;
        }

        public String defaultValue() {
            return defaultValue;
        }

        public String help() {
            return help;
        }
    }

    /** How the rankings table orders generated images (docs/metric.md, "AS-i"). */
    public enum RankingOrder {
        REF_DEV("ref-dev"), AS_I("as-i");

        private final String code;

        RankingOrder(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private static final Map<String, Key> BY_KEY = new LinkedHashMap<>();

    static {
        for (Key k : Key.values()) {
            BY_KEY.put(k.key(), k);
        }
    }

    /**
     * Builds and validates a config.
     *
     * @param configFile  optional HOCON or properties file (keys with or without the ascore. prefix)
     * @param sparkAscore entries of the Spark conf whose keys start with {@code spark.ascore.}
     * @param cli         values given on the command line, keyed by full {@code ascore.} key
     */
    public static JobConfig resolve(Path configFile, Map<String, String> sparkAscore, Map<String, String> cli) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            merged.put(k.key(), k.defaultValue());
        }
        if (configFile != null) {
            merged.putAll(readFile(configFile));
        }
        for (Map.Entry<String, String> e : sparkAscore.entrySet()) {
            String key = e.getKey().startsWith("spark.") ? e.getKey().substring("spark.".length()) : e.getKey();
            merged.put(checkKnown(key, "Spark conf key spark." + key), e.getValue());
        }
        for (Map.Entry<String, String> e : cli.entrySet()) {
            merged.put(checkKnown(e.getKey(), "command-line option"), e.getValue());
        }
        return from(merged);
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config", "config file not found: " + file.toAbsolutePath());
        }
        ConfigParseOptions opts = ConfigParseOptions.defaults().setAllowMissing(false)
                .setSyntax(file.toString().endsWith(".properties") ? ConfigSyntax.PROPERTIES : ConfigSyntax.CONF);
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(), opts);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("config", "cannot parse " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            String key = e.getKey().startsWith("ascore.") ? e.getKey() : "ascore." + e.getKey();
            Object v = e.getValue().unwrapped();
            String value = v instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(v);
            out.put(checkKnown(key, "key in " + file), value);
        }
        return out;
    }

    private static String checkKnown(String key, String where) {
        if (!BY_KEY.containsKey(key)) {
            Set<String> known = new TreeSet<>(BY_KEY.keySet());
            throw new ConfigException(key, "unknown " + where + "; known keys: " + String.join(", ", known));
        }
        return key;
    }

    static JobConfig from(Map<String, String> v) {
        Reader r = new Reader(v);
        List<String> real = r.list(Key.REAL);
        if (real.isEmpty()) {
            throw new ConfigException(Key.REAL.key(), "at least one real image folder or table is required (--real)");
        }
        Map<String, List<String>> generated = new LinkedHashMap<>();
        for (String pair : r.list(Key.GENERATED)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigException(Key.GENERATED.key(), "expected label=URI, got '" + pair + "'");
            }
            String label = checkLabel(Key.GENERATED, pair.substring(0, eq).trim());
            generated.computeIfAbsent(label, k -> new ArrayList<>()).add(pair.substring(eq + 1).trim());
        }
        if (generated.isEmpty()) {
            throw new ConfigException(Key.GENERATED.key(), "at least one generated set is required (--generated label=URI)");
        }
        String realLabel = checkLabel(Key.REAL_LABEL, r.string(Key.REAL_LABEL));
        if (generated.containsKey(realLabel)) {
            throw new ConfigException(Key.GENERATED.key(), "label '" + realLabel + "' is the real set's label ("
                    + Key.REAL_LABEL.key() + "); choose another");
        }
        String model = r.required(Key.MODEL);
        String out = r.required(Key.OUT);
        String runId = r.string(Key.RUN_ID);
        if (runId.isEmpty()) {
            runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                    + UUID.randomUUID().toString().substring(0, 6);
        }
        if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new ConfigException(Key.RUN_ID.key(), "must be 1-128 letters, digits, '.', '_' or '-', got '" + runId + "'");
        }
        String device = r.string(Key.DEVICE).toLowerCase(Locale.ROOT);
        if (!device.matches("cpu|gpu|auto|gpu\\(\\d+\\)")) {
            throw new ConfigException(Key.DEVICE.key(), "must be cpu, gpu, gpu(N) or auto, got '" + device + "'");
        }
        MetricParams metric;
        try {
            metric = new MetricParams(
                    new ComplexityParams(r.integer(Key.COMPLEXITY_STEPS, 2, 1000), r.decimal(Key.COMPLEXITY_STEP_SIZE),
                            r.choice(Key.COMPLEXITY_NOISE, NoiseKind.class)),
                    new VulnerabilityParams(r.integer(Key.VULNERABILITY_STEPS, 1, 1000), r.decimal(Key.VULNERABILITY_BUDGET),
                            r.decimal(Key.VULNERABILITY_STEP_SIZE), r.decimal(Key.VULNERABILITY_JITTER),
                            r.choice(Key.VULNERABILITY_DIRECTION, AttackDirection.class)),
                    r.longValue(Key.SEED, Long.MIN_VALUE, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().split(" ", 2)[0];
            throw new ConfigException("ascore." + key, e.getMessage().substring(key.length()).trim(), e);
        }
        RankingOrder order = switch (r.string(Key.RANKING_ORDER)) {
            case "ref-dev" -> RankingOrder.REF_DEV;
            case "as-i" -> RankingOrder.AS_I;
            default -> throw new ConfigException(Key.RANKING_ORDER.key(),
                    "must be ref-dev or as-i, got '" + r.string(Key.RANKING_ORDER) + "'");
        };
        return new JobConfig(real, generated, realLabel, model, out, runId, device,
                r.integer(Key.BATCH_SIZE, 0, 65536), r.integer(Key.PARTITIONS, 0, 10_000_000),
                r.integer(Key.TORCH_THREADS, 0, 1024), r.required(Key.INPUT_GLOB), r.required(Key.PARQUET_CONTENT_COLUMN),
                r.required(Key.PARQUET_PATH_COLUMN), r.longValue(Key.MAX_PIXELS, 1, Long.MAX_VALUE),
                r.longValue(Key.MAX_BYTES, 1, Integer.MAX_VALUE - 16), metric, order,
                r.integer(Key.PROGRESS_INTERVAL, 1, 86400), r.bool(Key.REUSE),
                r.integer(Key.BOOTSTRAP_REPLICATES, 0, 10_000_000), r.bool(Key.OUTPUT_FEATURES));
    }

    private static String checkLabel(Key key, String label) {
        if (!label.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new ConfigException(key.key(), "label must be 1-128 letters, digits, '.', '_' or '-', got '" + label + "'");
        }
        return label;
    }

    /** Typed access to the merged string values, with errors that name the key. */
    private record Reader(Map<String, String> values) {
        String string(Key k) {
            return values.getOrDefault(k.key(), k.defaultValue()).trim();
        }

        String required(Key k) {
            String s = string(k);
            if (s.isEmpty()) {
                throw new ConfigException(k.key(), "is required (" + k.help() + ")");
            }
            return s;
        }

        List<String> list(Key k) {
            String s = string(k);
            if (s.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }

        int integer(Key k, int min, int max) {
            return Math.toIntExact(longValue(k, min, max));
        }

        long longValue(Key k, long min, long max) {
            long v;
            try {
                v = Long.parseLong(string(k));
            } catch (NumberFormatException e) {
                throw new ConfigException(k.key(), "must be an integer, got '" + string(k) + "'");
            }
            if (v < min || v > max) {
                throw new ConfigException(k.key(), "must be in " + min + ".." + max + ", got " + v);
            }
            return v;
        }

        double decimal(Key k) {
            try {
                double d = Double.parseDouble(string(k));
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException(k.key(), "must be a finite number, got '" + string(k) + "'");
            }
        }

        boolean bool(Key k) {
            return switch (string(k).toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(k.key(), "must be true or false, got '" + string(k) + "'");
            };
        }

        <E extends Enum<E>> E choice(Key k, Class<E> type) {
            String s = string(k);
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(s)) {
                    return e;
                }
            }
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
            throw new ConfigException(k.key(), "must be one of " + allowed + ", got '" + s + "'");
        }
    }
}
