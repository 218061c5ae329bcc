package org.ascore.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.logging.log4j.Level;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.Utils;
import org.ascore.cli.InputsCliTest;
import org.ascore.config.JobConfig;
import org.ascore.pipeline.CommittedTables;
import org.ascore.pipeline.RunPaths;
import org.ascore.pipeline.OutputCommitters;
import org.ascore.pipeline.RunResult;
import org.ascore.pipeline.ScoreJob;
import org.ascore.pipeline.SourceSummary;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The job against a real S3 API: S3Proxy (an S3 server over a local folder, jclouds' filesystem
 * store) on 127.0.0.1, inputs and outputs on s3a://, committed by the S3A committer that the
 * cluster spark-defaults ship (conf/spark-defaults/cluster-cpu.conf), and the secret key nowhere
 * in the logs, the tables, the _SUCCESS manifests or Spark's redacted configuration. The S3A
 * settings are set at run time on the shared test session and put back afterwards.
 */
class S3RoundTripTest {
    private static final Logger LOG = LoggerFactory.getLogger(S3RoundTripTest.class);
    private static final String BUCKET = "ascore-it";
    private static final String ACCESS_KEY = "ascore-test-access";
    /** Random, so that finding it anywhere cannot be a coincidence. */
    private static final String SECRET_KEY = "ascore-secret-" + UUID.randomUUID();
    private static final int IMAGES_PER_SET = 8;
    /** The committer settings and redaction pattern that submit/ ships for clusters. */
    private static final Path CLUSTER_DEFAULTS = Path.of("conf", "spark-defaults", "cluster-cpu.conf");
    private static final String COMMIT_PROTOCOL = "spark.sql.sources.commitProtocolClass";
    private static final String PARQUET_COMMITTER = "spark.sql.parquet.output.committer.class";

    @TempDir
    static Path tmp;
    static BlobStoreContext blobStore;
    static S3Proxy proxy;
    static String endpoint;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        Properties props = new Properties();
        Path base = Files.createDirectories(tmp.resolve("s3proxy-data"));
        props.setProperty("jclouds.filesystem.basedir", base.toString());
        blobStore = ContextBuilder.newBuilder("filesystem")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(props)
                .modules(List.of(new SLF4JLoggingModule()))
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(blobStore.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                fail("S3Proxy did not start within 30 s; state " + proxy.getState());
            }
            Thread.sleep(10);
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
        assertTrue(blobStore.getBlobStore().createContainerInLocation(null, BUCKET));
        LOG.info("S3Proxy at {} over {}", endpoint, base);
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (blobStore != null) {
            blobStore.close();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void scoresImagesOnS3WithTheS3ACommitterAndNoSecretInLogsOrOutputs() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Properties shipped = loadProperties(CLUSTER_DEFAULTS);
        assertTrue(shipped.stringPropertyNames().stream().noneMatch(k -> k.contains("committer")
                        || k.equals(COMMIT_PROTOCOL)),
                CLUSTER_DEFAULTS + " sets committer keys, which break every write on a Spark without spark-hadoop-cloud");
        Map<String, String> hadoop = s3aSettings();
        // The job itself picks the S3A committer for s3a:// output (OutputCommitters); put back afterwards.
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put(COMMIT_PROTOCOL, OutputCommitters.PATH_OUTPUT_PROTOCOL);
        sql.put(PARQUET_COMMITTER, OutputCommitters.BINDING_PARQUET_COMMITTER);
        sql.put(OutputCommitters.S3A_COMMITTER_KEY, OutputCommitters.S3A_COMMITTER);

        // Set at run time on the shared session, and put back as they were afterwards.
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Map<String, String> hadoopBefore = new LinkedHashMap<>();
        Map<String, scala.Option<String>> sqlBefore = new LinkedHashMap<>();
        hadoop.keySet().forEach(k -> hadoopBefore.put(k, conf.getRaw(k)));
        sql.keySet().forEach(k -> sqlBefore.put(k, spark.conf().getOption(k)));
        Map<String, Level> verbose = new LinkedHashMap<>();
        verbose.put("org.apache.hadoop.fs.s3a", Level.DEBUG);
        verbose.put("org.apache.spark", Level.INFO);
        verbose.put("org.gaul.s3proxy", Level.INFO);
        long started = System.nanoTime();
        try (LogCapture logs = new LogCapture(verbose)) {
            hadoop.forEach(conf::set);
            try {
                roundTrip(spark, conf, shipped.getProperty("spark.redaction.regex"), logs);
            } catch (Exception | AssertionError e) {
                // What S3A and Spark logged (DEBUG and INFO), for the reader of a failure.
                Files.writeString(Path.of("target", "s3-round-trip-failure.log"), logs.text());
                throw e;
            }
        } finally {
            // The job's FileSystem instances are the cached ones (Hadoop code does not close
            // them): close this bucket's, so that no S3A client or thread outlives the test.
            if (endpoint.equals(conf.get("fs.s3a.endpoint"))) {
                FileSystem.get(URI.create("s3a://" + BUCKET + "/"), conf).close();
            }
            hadoopBefore.forEach((k, v) -> {
                if (v == null) {
                    conf.unset(k);
                } else {
                    conf.set(k, v);
                }
            });
            sqlBefore.forEach((k, v) -> {
                if (v.isDefined()) {
                    spark.conf().set(k, v.get());
                } else {
                    spark.conf().unset(k);
                }
            });
        }
        assertNoS3ClientThreadsLeft();
        LOG.info("S3 round trip in {} s", String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }

    /**
     * The file-name corpus of InputsCliTest as object keys, under a prefix with a space and glob
     * characters: every image is listed, read and scored ok, and its path is the s3a:// URI of its key.
     */
    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyFileNameIsScoredOkOnS3() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Map<String, String> hadoop = s3aSettings();
        Map<String, String> before = new LinkedHashMap<>();
        hadoop.keySet().forEach(k -> before.put(k, conf.getRaw(k)));
        try {
            hadoop.forEach(conf::set);
            upload(conf, "real", "names-real");
            Path local = tmp.resolve("names").resolve("gen dir [1] {a} *?");
            List<Path> files = InputsCliTest.corpus(local);
            String root = "s3a://" + BUCKET + "/names/gen dir [1] {a} *?";
            List<String> expected = new ArrayList<>();
            try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf);
                 var all = Files.walk(local)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    String key = root + "/" + local.relativize(f).toString();
                    try (FSDataOutputStream o = fs.create(new org.apache.hadoop.fs.Path(key))) {
                        o.write(Files.readAllBytes(f));
                    }
                    if (files.contains(f)) {
                        expected.add(key);
                    }
                }
            }
            Map<String, String> cli = new LinkedHashMap<>();
            cli.put("ascore.real", "s3a://" + BUCKET + "/names-real");
            cli.put("ascore.generated", "names=" + root);
            cli.put("ascore.model", DemoData.CARD.toString());
            cli.put("ascore.out", tmp.resolve("names-out").toString());
            cli.put("ascore.run-id", "s3-names");
            cli.put("ascore.complexity.steps", "2");
            cli.put("ascore.vulnerability.steps", "1");
            RunResult result = new ScoreJob(spark, JobConfig.resolve(null, Map.of(), cli)).run();
            assertEquals(2, result.skipped().total(), result.skipped().describe());
            Map<String, String> status = new java.util.TreeMap<>();
            spark.read().parquet(tmp.resolve("names-out").resolve("scores").toString())
                    .where(col("source").equalTo("names")).collectAsList()
                    .forEach(r -> status.put(r.getAs("path"), r.getAs("status") + " " + r.getAs("error")));
            assertEquals(new java.util.TreeSet<>(expected), status.keySet());
            status.forEach((path, st) -> assertEquals("ok null", st, path));
        } finally {
            if (endpoint.equals(conf.get("fs.s3a.endpoint"))) {
                FileSystem.get(URI.create("s3a://" + BUCKET + "/"), conf).close();
            }
            before.forEach((k, v) -> {
                if (v == null) {
                    conf.unset(k);
                } else {
                    conf.set(k, v);
                }
            });
        }
    }

    private static void roundTrip(SparkSession spark, Configuration conf, String projectRedaction, LogCapture logs)
            throws IOException {
        upload(conf, "real", "real");
        upload(conf, "generated/pca-4", "gen");

        RunResult result = new ScoreJob(spark, config()).run();
        assertEquals(2 * IMAGES_PER_SET, result.files());
        assertEquals(2 * IMAGES_PER_SET, result.inferred());

        String out = "s3a://" + BUCKET + "/out";
        Dataset<Row> scores = spark.read().parquet(out + "/scores").where(col("run_id").equalTo("s3"));
        assertEquals(2 * IMAGES_PER_SET, scores.count());
        assertEquals(2 * IMAGES_PER_SET, scores.where(col("status").equalTo("ok")).count());
        assertEquals(IMAGES_PER_SET, scores.where(col("source").equalTo("gen")).count());
        assertEquals(2 * IMAGES_PER_SET, scores.where(col("path").startsWith("s3a://" + BUCKET + "/")).count(),
                "paths are the s3a:// URIs of the inputs");

        Dataset<Row> summary = spark.read().parquet(out + "/summary").where(col("run_id").equalTo("s3"));
        assertEquals(1, summary.count());
        Row gen = summary.first();
        assertEquals("gen", gen.getAs("source"));
        assertEquals(IMAGES_PER_SET, ((Number) gen.getAs("n_real")).intValue());
        assertEquals(IMAGES_PER_SET, ((Number) gen.getAs("n_generated")).intValue());
        SourceSummary s = result.summaries().get(0);
        assertEquals(s.d(), (double) gen.getAs("as_d"));

        List<Row> ranks = spark.read().parquet(out + "/rankings").where(col("run_id").equalTo("s3"))
                .orderBy("rank").collectAsList();
        assertEquals(IMAGES_PER_SET, ranks.size());
        for (int i = 0; i < ranks.size(); i++) {
            assertEquals(i + 1, (int) ranks.get(i).getAs("rank"));
        }

        // The S3A committer, not the rename-based one, committed each table: its _SUCCESS is a
        // JSON manifest (FileOutputCommitter's is zero bytes).
        String committer = spark.conf().get(OutputCommitters.S3A_COMMITTER_KEY);
        assertEquals(OutputCommitters.S3A_COMMITTER, committer, "the committer the job chose for s3a:// output");
        List<String> manifests = new ArrayList<>();
        for (String table : List.of("scores", "summary", "rankings")) {
            String json = readS3(conf, out + "/" + table + "/_SUCCESS");
            manifests.add(json);
            JsonNode success = new ObjectMapper().readTree(json);
            assertEquals(committer, success.path("committer").asText(), table + " _SUCCESS: " + json);
            assertTrue(success.path("success").asBoolean(), table + " _SUCCESS: " + json);
            assertTrue(success.path("filenames").size() > 0, table + " _SUCCESS lists no files: " + json);
            LOG.info("{}/_SUCCESS: committer={} name={} files={} ({} bytes)", table,
                    success.path("committer").asText(), success.path("name").asText(),
                    success.path("filenames").size(), json.length());
        }
        List<String> keys = objectKeys();
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("out/scores/run_date=") && k.endsWith(".parquet")),
                "the Parquet files are objects in the bucket: " + keys);
        assertTrue(keys.stream().noneMatch(k -> k.contains("__magic") || k.contains("_temporary")),
                "no committer leftovers: " + keys);

        // The secret is nowhere: not in the tables, the manifests, the redacted conf, the logs.
        for (String table : List.of("scores", "summary", "rankings")) {
            for (Row r : spark.read().parquet(out + "/" + table).collectAsList()) {
                assertFalse(r.toString().contains(SECRET_KEY), table + " row holds the secret key");
            }
        }
        manifests.forEach(m -> assertFalse(m.contains(SECRET_KEY), "a _SUCCESS manifest holds the secret key"));
        assertRedacted(spark, conf, projectRedaction);
        String log = logs.text();
        assertTrue(log.contains("s3a://" + BUCKET + "/out"), "the capture saw the S3 run");
        assertFalse(log.contains(SECRET_KEY), "the secret key was logged");
        LOG.info("{} KB of log captured (S3A at DEBUG, Spark at INFO), no secret key in it", log.length() / 1024);

        // Rerunning the id on S3 commits a new attempt, then deletes the old attempt's objects and record.
        Set<String> firstAttempts = attempts(keys);
        assertEquals(1, firstAttempts.size(), "one attempt: " + keys);
        new ScoreJob(spark, config()).run();
        List<String> after = objectKeys();
        assertEquals(1, after.stream().filter(k -> k.startsWith("out/runs/") && k.endsWith(".parquet")).count(),
                "one commit record: " + after);
        Set<String> secondAttempts = attempts(after);
        assertEquals(1, secondAttempts.size(), "only the new attempt's objects: " + after);
        assertNotEquals(firstAttempts, secondAttempts);
        Dataset<Row> committed = CommittedTables.scores(spark, new RunPaths(out));
        assertEquals(2 * IMAGES_PER_SET, committed.count());
        assertEquals(secondAttempts.iterator().next(), committed.select("attempt").distinct().first().getString(0));
    }

    /** The attempt ids in the object keys of the three attempt tables. */
    private static Set<String> attempts(List<String> keys) {
        Set<String> out = new java.util.TreeSet<>();
        for (String k : keys) {
            int at = k.indexOf("/attempt=");
            if (at >= 0 && k.endsWith(".parquet")) {
                out.add(k.substring(at + "/attempt=".length(), k.indexOf('/', at + 1)));
            }
        }
        return out;
    }

    /**
     * S3A pointed at S3Proxy: fixed region and static keys (no region lookup, no instance-metadata
     * credentials: nothing on the internet), short timeouts and few retries so that every wait is bounded.
     */
    private static Map<String, String> s3aSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fs.s3a.endpoint", endpoint);
        m.put("fs.s3a.endpoint.region", "us-east-1");
        m.put("fs.s3a.path.style.access", "true");
        m.put("fs.s3a.connection.ssl.enabled", "false");
        m.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        m.put("fs.s3a.access.key", ACCESS_KEY);
        m.put("fs.s3a.secret.key", SECRET_KEY);
        m.put("fs.s3a.bucket.probe", "0");
        m.put("fs.s3a.connection.establish.timeout", "15s");
        m.put("fs.s3a.connection.timeout", "60s");
        m.put("fs.s3a.connection.request.timeout", "60s");
        m.put("fs.s3a.attempts.maximum", "2");
        m.put("fs.s3a.retry.limit", "2");
        m.put("fs.s3a.retry.interval", "100ms");
        m.put("fs.s3a.retry.throttle.limit", "2");
        m.put("fs.s3a.retry.throttle.interval", "100ms");
        return m;
    }

    /**
     * Closing the cached S3A FileSystem ended its AWS SDK client and thread pools. (With
     * fs.s3a.impl.disable.cache=true every getFileSystem call makes a new client that nobody
     * closes: one run left about 470 sdk-ScheduledExecutor threads behind.)
     */
    private static void assertNoS3ClientThreadsLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("sdk-ScheduledExecutor") || n.startsWith("s3a-transfer-" + BUCKET))
                    .sorted().toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("S3 client threads still running 10 s after the test closed its FileSystem: " + left);
    }

    private static JobConfig config() {
        Map<String, String> cli = new LinkedHashMap<>();
        cli.put("ascore.real", "s3a://" + BUCKET + "/real");
        cli.put("ascore.generated", "gen=s3a://" + BUCKET + "/gen");
        cli.put("ascore.model", DemoData.CARD.toString());
        cli.put("ascore.out", "s3a://" + BUCKET + "/out");
        cli.put("ascore.run-id", "s3");
        cli.put("ascore.complexity.steps", "3");
        cli.put("ascore.vulnerability.steps", "2");
        return JobConfig.resolve(null, Map.of(), cli);
    }

    /** Copies demo images to s3a://BUCKET/prefix/ through the S3A FileSystem. */
    private static void upload(Configuration conf, String demoFolder, String prefix) throws IOException {
        Path local = tmp.resolve("upload").resolve(prefix);
        DemoData.copy(demoFolder, IMAGES_PER_SET, local);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/" + prefix);
        try (FileSystem fs = FileSystem.newInstance(target.toUri(), conf)) {
            try (var files = Files.list(local)) {
                for (Path f : files.sorted().toList()) {
                    // fs.create, not copyFromLocalFile: S3A's copyFromLocalFile goes through the SDK's
                    // async transfer manager, whose plain-HTTP PUT S3Proxy 2.6 refuses
                    // (XAmzContentSHA256Mismatch); the job itself writes through output streams.
                    org.apache.hadoop.fs.Path key = new org.apache.hadoop.fs.Path(target, f.getFileName().toString());
                    try (FSDataOutputStream o = fs.create(key)) {
                        o.write(Files.readAllBytes(f));
                    }
                }
            }
            int n = 0;
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(target, true);
            while (it.hasNext()) {
                it.next();
                n++;
            }
            assertEquals(IMAGES_PER_SET, n, "uploaded to " + target);
        }
    }

    private static String readS3(Configuration conf, String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
            FileStatus st = fs.getFileStatus(p);
            assertTrue(st.getLen() > 0, uri + " is zero bytes: the classic rename committer ran, not the S3A one");
            try (FSDataInputStream in = fs.open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Every object key in the bucket, read through S3Proxy's blob store (not through S3A). Folders
     * are left out: the filesystem store keeps the emptied folders of deleted objects, such as the
     * magic committer's __magic_job-ID/, which on S3 do not exist.
     */
    private static List<String> objectKeys() {
        List<String> keys = new ArrayList<>();
        String marker = null;
        do {
            ListContainerOptions opts = ListContainerOptions.Builder.recursive();
            if (marker != null) {
                opts.afterMarker(marker);
            }
            var page = blobStore.getBlobStore().list(BUCKET, opts);
            for (StorageMetadata m : page) {
                if (m.getType() == StorageType.BLOB) {
                    keys.add(m.getName());
                }
            }
            marker = page.getNextMarker();
        } while (marker != null);
        return keys;
    }

    /**
     * The secret key is masked in Spark's redacted view of the configuration, both with Spark's
     * default spark.redaction.regex (the test session sets none) and with the project's pattern:
     * the S3A keys as a cluster passes them (spark.hadoop.fs.s3a.*) and the session's runtime conf.
     */
    private static void assertRedacted(SparkSession spark, Configuration conf, String projectRegex) {
        assertTrue(projectRegex != null, CLUSTER_DEFAULTS + " sets no spark.redaction.regex");
        List<Tuple2<String, String>> entries = new ArrayList<>();
        CollectionConverters.asJava(spark.conf().getAll()).forEach((k, v) -> entries.add(new Tuple2<>(k, v)));
        for (Map.Entry<String, String> e : conf) {
            entries.add(new Tuple2<>("spark.hadoop." + e.getKey(), e.getValue()));
        }
        assertTrue(entries.stream().anyMatch(t -> SECRET_KEY.equals(t._2())), "the check must see the secret");
        var seq = CollectionConverters.asScala(entries).toSeq();
        SparkConf projectConf = new SparkConf(false).set("spark.redaction.regex", projectRegex);
        for (SparkConf sc : List.of(spark.sparkContext().getConf(), projectConf)) {
            for (Tuple2<String, String> t : CollectionConverters.asJava(Utils.redact(sc, seq))) {
                assertFalse(String.valueOf(t._2()).contains(SECRET_KEY), t._1() + " is not redacted with "
                        + sc.get("spark.redaction.regex", "Spark's default spark.redaction.regex"));
            }
        }
    }

    private static Properties loadProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
