package org.ascore.cluster;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.ascore.pipeline.ScoreJob;
import org.ascore.pipeline.SourceSummary;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Spark standalone cluster on this machine: a master and two workers in their own JVMs,
 * each worker starting its executor JVM the way it does on a cluster (Spark's WorkerCommandBuilder
 * with SPARK_HOME/jars), the test JVM as the client-mode driver. Checks that the job gives the same
 * AS as in local mode, that with automatic partitions (1 in local[1], 2 here) it gives bit-identical
 * float32 C and V, and that it survives an executor killed with SIGKILL while it scores: no
 * row lost, none duplicated, no number changed.
 *
 * <p>SPARK_HOME is laid out in a temp folder: {@code jars/} links every jar of the test classpath
 * (what a Spark distribution's jars/ holds, plus DJL), {@code conf/} a log4j2 configuration.
 * Spark 4's launcher needs nothing else once SPARK_SCALA_VERSION is set (no RELEASE file: that was
 * Spark 1's assembly lookup). The ascore classes reach the executors through
 * {@code spark.executor.extraClassPath}, as an application jar would.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneClusterTest.class);
    private static final String HOST = "127.0.0.1";
    private static final int PER_SOURCE = 60;
    private static final int FILES = 3 * PER_SOURCE;
    private static final int PARTITIONS = 8;
    /**
     * Images per scoring batch. More than one, to check that batch composition is the same on the
     * cluster as in local mode: ScoreJob sorts each partition by path, because in float32 an image's
     * V moves by a few percent with its batch (PGD's sign() amplifies rounding differences).
     */
    private static final int BATCH = 8;
    /**
     * The float32 run with automatic partitions: 4 images per source in batches of 3, so the
     * automatic partition count is 1 in local[1] and 2 on the cluster, and a batch layout that
     * followed the partitions would score some images in partial batches (alone or in pairs),
     * which moves their float32 V.
     */
    private static final int SMALL_PER_SOURCE = 4;
    private static final int SMALL_BATCH = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration WORKERS_REGISTER = Duration.ofSeconds(60);

    /** Kept when a test fails: the master, worker and executor logs are in it (worker-N/app-*). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();
    private static final List<Process> WORKERS = new CopyOnWriteArrayList<>();
    private static final Map<Process, Path> LOGS = new ConcurrentHashMap<>();
    private static Thread shutdownHook;
    private static Path sparkHome;
    private static Path masterLog;
    private static String masterUrl;
    private static int previousTorchThreads = -1;
    private static SparkSession cluster;

    private static List<SourceSummary> localSummaries;
    private static Map<String, double[]> localScores;
    private static Map<String, double[]> localFloat32Auto;
    private static List<SourceSummary> cleanSummaries;
    private static Map<String, double[]> cleanScores;

    @BeforeAll
    static void startClusterAndRunLocalReference() throws Exception {
        shutdownHook = new Thread(StandaloneClusterTest::killProcesses, "kill-standalone-cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long t0 = System.nanoTime();

        List<String> flags = jvmFlags();
        sparkHome = layOutSparkHome();
        int masterPort = freePort();
        masterUrl = "spark://" + HOST + ":" + masterPort;
        masterLog = tmp.resolve("master.log");
        start(flags, masterLog, "org.apache.spark.deploy.master.Master",
                "--host", HOST, "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
        for (int i = 0; i < 2; i++) {
            Path work = Files.createDirectories(tmp.resolve("worker-" + i));
            WORKERS.add(start(flags, tmp.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                    "--host", HOST, "--cores", "1", "--memory", "3g", "--work-dir", work.toString(),
                    "--webui-port", Integer.toString(freePort()), masterUrl));
        }

        writeFloat64Card(tmp.resolve("fmnist-cnn-f64.conf"));
        DemoData.copy("real", PER_SOURCE, tmp.resolve("in").resolve("real"));
        DemoData.copy("generated/pca-4", PER_SOURCE, tmp.resolve("in").resolve("pca-4"));
        DemoData.copy("generated/pca-64", PER_SOURCE, tmp.resolve("in").resolve("pca-64"));

        // The local-mode reference runs in the shared session while the cluster boots, with one
        // libtorch intra-op thread as on the executors (OMP_NUM_THREADS below): the thread count
        // changes float32 results (C by ~1e-4, V by up to ~15 % on this model). libtorch applies its
        // thread count to a thread once, at that thread's first parallel work, so the session is
        // restarted to get task threads that start after the setting.
        SparkTestSession.stop();
        Engine.getEngine("PyTorch");
        previousTorchThreads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        SparkSession local = SparkTestSession.get();
        JobConfig localCfg = config("local-reference", tmp.resolve("out-local"));
        localSummaries = new ScoreJob(local, localCfg).run().summaries();
        localScores = scores(local, localCfg);
        LOG.info("local-mode reference done after {} s", seconds(t0));

        for (String source : new String[] {"real", "generated/pca-4", "generated/pca-64"}) {
            DemoData.copy(source, SMALL_PER_SOURCE, tmp.resolve("small").resolve(source.replace("generated/", "")));
        }
        SparkTestSession.stop();
        SparkSession oneCore = SparkSession.builder().master("local[1]").appName("ascore-one-core")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", HOST)
                .config("spark.driver.bindAddress", HOST)
                .getOrCreate();
        JobConfig float32Cfg = float32AutoConfig("local-float32-auto", tmp.resolve("out-local-f32"));
        new ScoreJob(oneCore, float32Cfg).run();
        localFloat32Auto = scores(oneCore, float32Cfg, 3 * SMALL_PER_SOURCE);
        oneCore.stop();
        LOG.info("local[1] float32 reference done after {} s", seconds(t0));

        waitForWorkers(2, WORKERS_REGISTER);
        LOG.info("standalone cluster up after {} s: {}", seconds(t0), masterUrl);

        // Only one SparkContext may run in a JVM: give up the shared local one (it is recreated on
        // the next SparkTestSession.get()).
        SparkTestSession.stop();
        cluster = SparkSession.builder()
                .master(masterUrl)
                .appName("ascore-standalone-test")
                .config("spark.driver.host", HOST)
                .config("spark.driver.bindAddress", HOST)
                .config("spark.ui.enabled", "false")
                .config("spark.executor.cores", "1")
                .config("spark.cores.max", "2")
                .config("spark.executor.memory", "2g")
                .config("spark.executor.extraClassPath", Path.of("target", "classes").toAbsolutePath().toString())
                .config("spark.executor.extraJavaOptions", String.join(" ", flags) + " -Dlog4j2.configurationFile="
                        + sparkHome.resolve("conf").resolve("log4j2.properties").toUri())
                .config("spark.executorEnv.OPT_OUT_TRACKING", "true")
                .config("spark.executorEnv.OMP_NUM_THREADS", "1")
                .config("spark.executorEnv.MKL_NUM_THREADS", "1")
                .config("spark.sql.shuffle.partitions", "4")
                // Spark 4 runs SQL tasks with the session's own artifact set, which does not hold
                // files added with SparkContext.addFile (how ScoreJob ships the model): without
                // this, executors never fetch the model file (SPARK-53478 is the local-mode side).
                .config("spark.sql.artifact.isolation.enabled", "false")
                // Two executors on one host: no reason to hold tasks back for executor locality.
                .config("spark.locality.wait", "0s")
                .getOrCreate();
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (cluster != null) {
                cluster.stop();
            }
        } catch (RuntimeException e) {
            LOG.warn("stopping the cluster session failed", e);
        } finally {
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            killProcesses();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | NullPointerException e) {
                // JVM already shutting down, or the hook was never added
            }
            if (previousTorchThreads > 0) {
                JniUtils.setNumThreads(previousTorchThreads);
            }
        }
    }

    @Test
    @Order(1)
    void clusterRunGivesTheSameAsAsLocalMode() {
        cleanRun();
        assertEquals(localScores.keySet(), cleanScores.keySet());
        double[] diff = maxDifference(localScores, cleanScores);
        LOG.info("cluster vs local mode: max |dC| = {}, max |dV| = {} over {} images", diff[0], diff[1], FILES);
        assertEquals(2, cleanSummaries.size());
        for (SourceSummary s : cleanSummaries) {
            SourceSummary l = bySource(localSummaries, s.source());
            assertEquals(PER_SOURCE, s.nReal());
            assertEquals(PER_SOURCE, s.nGenerated());
            assertEquals(0, s.nFailed() + s.nRealFailed());
            assertNotNull(s.d());
            assertEquals(l.d(), s.d(), 1e-9, "AS of " + s.source());
            assertEquals(l.pValue(), s.pValue(), 1e-9, "p-value of " + s.source());
        }
        assertEquals(0, diff[0], 1e-9);
        assertEquals(0, diff[1], 1e-9);
    }

    @Test
    @Order(2)
    void anExecutorKilledWhileScoringLosesNoRowAndChangesNoNumber() throws Exception {
        cleanRun();
        ExecutorKiller killer = null;
        JobConfig cfg = null;
        Path out = null;
        List<SourceSummary> summaries = null;
        // The kill is sent from a listener, which hears of tasks late: now and then it lands on an
        // executor whose task has just ended and hits nothing, which proves nothing; run again.
        for (int attempt = 1; attempt <= 3 && (killer == null || killer.failedTasks.get() == 0); attempt++) {
            killer = new ExecutorKiller();
            cluster.sparkContext().addSparkListener(killer);
            long t0 = System.nanoTime();
            // Its own output root: no earlier run's rows to reuse, every image goes through the model.
            out = tmp.resolve("out-fault-" + attempt);
            cfg = config("cluster-fault", out);
            JobConfig job = cfg;
            try {
                summaries = bounded(() -> new ScoreJob(cluster, job).run().summaries());
                awaitRemoval(killer);
            } finally {
                cluster.sparkContext().removeSparkListener(killer);
            }
            LOG.info("fault run {}: {} s; killed executor {} (pid {}) after {} of {} scoring tasks; {} task attempts "
                    + "failed", attempt, seconds(t0), killer.victim, killer.victimPid, killer.doneAtKill, PARTITIONS,
                    killer.failedTasks.get());
        }

        assertNotNull(killer.victim, "no executor was killed: the scoring tasks were never seen");
        assertTrue(killer.victimWasBusy, "the killed executor was not running a scoring task");
        assertTrue(killer.doneAtKill < PARTITIONS, "scoring had finished before the kill");
        assertTrue(killer.removed.contains(killer.victim), "the driver never saw executor " + killer.victim + " go");
        assertTrue(killer.failedTasks.get() > 0, "no task attempt failed in 3 runs: the kill hit nothing");

        List<Row> rows = cluster.read().parquet(out.resolve("scores").toString())
                .where(col("run_id").equalTo(cfg.runId())).select("path").collectAsList();
        assertEquals(FILES, rows.size(), "rows of the fault run");
        assertEquals(FILES, rows.stream().map(r -> r.getString(0)).distinct().count(), "distinct paths");

        Map<String, double[]> fault = scores(cluster, cfg);
        assertEquals(cleanScores.keySet(), fault.keySet());
        double[] diff = maxDifference(cleanScores, fault);
        LOG.info("fault run vs clean run: max |dC| = {}, max |dV| = {}", diff[0], diff[1]);
        assertEquals(0, diff[0], 1e-9);
        assertEquals(0, diff[1], 1e-9);
        for (SourceSummary s : summaries) {
            assertEquals(bySource(cleanSummaries, s.source()).d(), s.d(), 1e-9, "AS of " + s.source());
        }
    }

    @Test
    @Order(3)
    void automaticPartitionsGiveBitIdenticalFloat32ScoresOnTheClusterAndOnOneLocalCore() {
        JobConfig cfg = float32AutoConfig("cluster-float32-auto", tmp.resolve("out-cluster-f32"));
        bounded(() -> new ScoreJob(cluster, cfg).run());
        Map<String, double[]> onCluster = scores(cluster, cfg, 3 * SMALL_PER_SOURCE);
        assertEquals(localFloat32Auto.keySet(), onCluster.keySet());
        localFloat32Auto.forEach((path, cv) -> {
            assertEquals(cv[0], onCluster.get(path)[0], "float32 complexity of " + path);
            assertEquals(cv[1], onCluster.get(path)[1], "float32 vulnerability of " + path);
        });
    }

    /** The driver hears of a dead executor through its worker and the master, after the job may have ended. */
    private static void awaitRemoval(ExecutorKiller killer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (killer.victim != null && !killer.removed.contains(killer.victim) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    // ---------------------------------------------------------------- the runs

    private static synchronized void cleanRun() {
        if (cleanSummaries != null) {
            return;
        }
        long t0 = System.nanoTime();
        JobConfig cfg = config("cluster-clean", tmp.resolve("out-clean"));
        cleanSummaries = bounded(() -> new ScoreJob(cluster, cfg).run().summaries());
        cleanScores = scores(cluster, cfg);
        LOG.info("clean cluster run: {} s", seconds(t0));
    }

    /** Runs a cluster job, cancelling it (and failing with the executors' logs) after RUN_TIMEOUT. */
    private static <T> T bounded(java.util.concurrent.Callable<T> job) {
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return runner.submit(job).get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            cluster.sparkContext().cancelAllJobs();
            throw new AssertionError("cluster job did not finish within " + RUN_TIMEOUT.toSeconds() + " s\n"
                    + executorLogs(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cluster job failed: " + e.getCause() + "\n" + executorLogs(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            runner.shutdownNow();
        }
    }

    /** The tails of the executors' stderr files (WORKDIR/app-id/executor-id/stderr). */
    private static String executorLogs() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            try (Stream<Path> files = Files.walk(tmp.resolve("worker-" + i), 3)) {
                files.filter(f -> f.getFileName().toString().equals("stderr")).sorted().forEach(f ->
                        out.append("--- ").append(f).append(":\n").append(tail(f)).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                out.append("(cannot list worker-").append(i).append(": ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    /**
     * The demo CNN exported in float64. In float32, V moves by up to ~15 % with libtorch's thread
     * count (PGD's sign() amplifies rounding), and the thread count of the in-JVM local-mode run
     * depends on what ran in the test JVM before; in float64 the comparison does not depend on it.
     */
    private static void writeFloat64Card(Path card) throws IOException {
        Path model = Path.of("src", "test", "resources", "models", "fmnist-cnn_f64.pt").toAbsolutePath();
        String sha;
        try (java.io.InputStream in = Files.newInputStream(model)) {
            sha = org.ascore.util.Sha256.hex(in);
        }
        Files.writeString(card, "name = \"fmnist-cnn-f64\"\nfile = \"" + model + "\"\nsha256 = \"" + sha + "\"\n"
                + "channels = 1\nresize = 28\ncrop = 28\nmean = [0.2860]\nstd = [0.3530]\nfeature_dim = 64\n"
                + "batch_size = 8\nprecision = \"float64\"\n");
    }

    private static JobConfig config(String runId, Path out) {
        Path in = tmp.resolve("in");
        Map<String, String> cli = new HashMap<>();
        cli.put("ascore.real", in.resolve("real").toUri().toString());
        cli.put("ascore.generated", "pca-4=" + in.resolve("pca-4").toUri() + ",pca-64=" + in.resolve("pca-64").toUri());
        cli.put("ascore.model", tmp.resolve("fmnist-cnn-f64.conf").toString());
        cli.put("ascore.out", out.toString());
        cli.put("ascore.run-id", runId);
        cli.put("ascore.batch-size", Integer.toString(BATCH));
        cli.put("ascore.partitions", Integer.toString(PARTITIONS));
        cli.put("ascore.complexity.steps", "4");
        cli.put("ascore.vulnerability.steps", "3");
        cli.put("ascore.progress.interval-s", "2");
        return JobConfig.resolve(null, Map.of(), cli);
    }

    /** The demo's float32 model on the small inputs, with automatic partitions. */
    private static JobConfig float32AutoConfig(String runId, Path out) {
        Path in = tmp.resolve("small");
        Map<String, String> cli = new HashMap<>();
        cli.put("ascore.real", in.resolve("real").toUri().toString());
        cli.put("ascore.generated", "pca-4=" + in.resolve("pca-4").toUri() + ",pca-64=" + in.resolve("pca-64").toUri());
        cli.put("ascore.model", DemoData.CARD.toAbsolutePath().toString());
        cli.put("ascore.out", out.toString());
        cli.put("ascore.run-id", runId);
        cli.put("ascore.batch-size", Integer.toString(SMALL_BATCH));
        cli.put("ascore.complexity.steps", "3");
        cli.put("ascore.vulnerability.steps", "2");
        return JobConfig.resolve(null, Map.of(), cli);
    }

    private static Map<String, double[]> scores(SparkSession spark, JobConfig cfg) {
        return scores(spark, cfg, FILES);
    }

    /** path → {C, V} of a run's ok rows; fails on a row that is not ok. */
    private static Map<String, double[]> scores(SparkSession spark, JobConfig cfg, int files) {
        Map<String, double[]> out = new TreeMap<>();
        for (Row r : spark.read().parquet(Path.of(cfg.out()).resolve("scores").toString())
                .where(col("run_id").equalTo(cfg.runId()))
                .select("path", "status", "complexity", "vulnerability").collectAsList()) {
            assertEquals("ok", r.getString(1), "status of " + r.getString(0));
            out.put(r.getString(0), new double[] {r.getDouble(2), r.getDouble(3)});
        }
        assertEquals(files, out.size(), "scored files of run " + cfg.runId());
        return out;
    }

    private static double[] maxDifference(Map<String, double[]> a, Map<String, double[]> b) {
        double dc = 0;
        double dv = 0;
        int differ = 0;
        for (Map.Entry<String, double[]> e : a.entrySet()) {
            double[] other = b.get(e.getKey());
            assertNotNull(other, "missing " + e.getKey());
            dc = Math.max(dc, Math.abs(e.getValue()[0] - other[0]));
            dv = Math.max(dv, Math.abs(e.getValue()[1] - other[1]));
            if (e.getValue()[0] != other[0] || e.getValue()[1] != other[1]) {
                if (differ++ < 5) {
                    LOG.warn("{}: C {} vs {}, V {} vs {}", e.getKey(), e.getValue()[0], other[0], e.getValue()[1],
                            other[1]);
                }
            }
        }
        if (differ > 0) {
            LOG.warn("{} of {} images have different numbers", differ, a.size());
        }
        return new double[] {dc, dv};
    }

    private static SourceSummary bySource(List<SourceSummary> summaries, String source) {
        return summaries.stream().filter(s -> s.source().equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("no summary for " + source));
    }

    // ---------------------------------------------------------------- the fault

    /**
     * Kills (SIGKILL) an executor JVM that is running a scoring task, as soon as the first scoring
     * task has finished: the scoring stage is then certainly in progress, with tasks still to run
     * and shuffle output on the victim that the remaining tasks need.
     */
    private static final class ExecutorKiller extends SparkListener {
        private final Map<Long, String[]> running = new ConcurrentHashMap<>();
        final Set<String> removed = ConcurrentHashMap.newKeySet();
        final AtomicInteger failedTasks = new AtomicInteger();
        private final AtomicInteger scoringDone = new AtomicInteger();
        volatile String victim;
        volatile long victimPid = -1;
        volatile boolean victimWasBusy;
        volatile int doneAtKill = -1;

        @Override
        public void onTaskStart(SparkListenerTaskStart e) {
            running.put(e.taskInfo().taskId(), new String[] {Integer.toString(e.stageId()), e.taskInfo().executorId()});
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            running.remove(e.taskInfo().taskId());
            if (!e.taskInfo().successful()) {
                failedTasks.incrementAndGet();
                return;
            }
            if (!isScoring(e)) {
                return;
            }
            int done = scoringDone.incrementAndGet();
            if (victim != null) {
                return;
            }
            String stage = Integer.toString(e.stageId());
            Optional<String> busy = running.values().stream().filter(r -> r[0].equals(stage)).map(r -> r[1]).findFirst();
            String target = busy.orElseGet(() -> executorProcesses().keySet().stream()
                    .filter(id -> !id.equals(e.taskInfo().executorId())).findFirst().orElse(null));
            if (target == null) {
                return;
            }
            ProcessHandle p = executorProcesses().get(target);
            if (p == null) {
                LOG.warn("executor {} has no process among the workers' descendants", target);
                return;
            }
            victimWasBusy = busy.isPresent();
            doneAtKill = done;
            victimPid = p.pid();
            victim = target;
            LOG.info("killing executor {} (pid {}) with SIGKILL; scoring tasks done: {}", target, p.pid(), done);
            p.destroyForcibly();
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
            removed.add(e.executorId());
        }

        private static boolean isScoring(SparkListenerTaskEnd e) {
            for (AccumulableInfo a : scala.jdk.javaapi.CollectionConverters.asJava(e.taskInfo().accumulables())) {
                if (a.name().isDefined() && a.name().get().equals("ascore.images.scored")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Executor id → executor JVM, found among the worker processes' descendants. */
    private static Map<String, ProcessHandle> executorProcesses() {
        Map<String, ProcessHandle> out = new LinkedHashMap<>();
        for (Process w : WORKERS) {
            w.descendants().forEach(p -> {
                List<String> args = p.info().arguments().map(Arrays::asList).orElse(List.of());
                int i = args.indexOf("--executor-id");
                if (args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend") && i >= 0
                        && i + 1 < args.size()) {
                    out.put(args.get(i + 1), p);
                }
            });
        }
        return out;
    }

    // ---------------------------------------------------------------- the cluster

    private static List<String> jvmFlags() throws IOException {
        Path options = Path.of("target", "launcher", "jvm.options");
        assertTrue(Files.isRegularFile(options), options + " is made by the build (process-resources)");
        return Arrays.stream(Files.readString(options).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** SPARK_HOME with jars/ (links to the test classpath's jars) and conf/log4j2.properties. */
    private static Path layOutSparkHome() throws IOException {
        Path home = tmp.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        Set<String> names = new java.util.HashSet<>();
        int linked = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath();
            if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
                continue;
            }
            String name = jar.getFileName().toString();
            if (!names.add(name)) {
                name = linked + "-" + name;
            }
            Files.createSymbolicLink(jars.resolve(name), jar);
            linked++;
        }
        assertTrue(linked > 50, "the test classpath has only " + linked + " jars: java.class.path = "
                + System.getProperty("java.class.path"));
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1}: %m%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.console.ref = console",
                "logger.deploy.name = org.apache.spark.deploy",
                "logger.deploy.level = info",
                "logger.executor.name = org.apache.spark.executor",
                "logger.executor.level = info",
                "logger.ascore.name = org.ascore",
                "logger.ascore.level = info",
                ""));
        return home;
    }

    private static Process start(List<String> flags, Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-Xmx512m");
        cmd.add("-Dlog4j2.configurationFile=" + sparkHome.resolve("conf").resolve("log4j2.properties").toUri());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.equals("HADOOP_CONF_DIR") || k.equals("YARN_CONF_DIR")
                || k.equals("CLASSPATH"));
        env.put("SPARK_HOME", sparkHome.toString());
        // Spark 4's launcher finds the Scala version from this or from a source build's folders.
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_LOCAL_DIRS", Files.createDirectories(tmp.resolve("local")).toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        PROCESSES.add(p);
        LOGS.put(p, log);
        return p;
    }

    private static void waitForWorkers(int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = Files.exists(masterLog) ? Files.readString(masterLog, StandardCharsets.UTF_8) : "";
            long registered = log.lines().filter(l -> l.contains("Registering worker")).count();
            if (registered >= n) {
                return;
            }
            for (Process p : PROCESSES) {
                if (!p.isAlive()) {
                    fail("a cluster process exited with " + p.exitValue() + ":\n" + tail(LOGS.get(p)));
                }
            }
            if (System.nanoTime() > deadline) {
                fail(registered + " of " + n + " workers registered within " + timeout.toSeconds() + " s\nmaster:\n"
                        + tail(masterLog) + "\nworker 0:\n" + tail(tmp.resolve("worker-0.log")));
            }
            Thread.sleep(200);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILLs every process this class started, and their descendants (the executors) first. */
    private static void killProcesses() {
        List<Process> workersFirst = new ArrayList<>(PROCESSES);
        java.util.Collections.reverse(workersFirst);
        for (Process p : workersFirst) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : PROCESSES) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
